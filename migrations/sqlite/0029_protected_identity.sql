-- Protected identity (issue 17): a person with protected personal data
-- (sekretessmarkering, skyddad folkbokföring) marks the account, or an
-- operator does on request. Staff then see an alias instead of the name,
-- e-mail and phone of the account's bookings; only a role with
-- `sees_protected` may look at the real details, and each look is in the
-- audit log.
ALTER TABLE accounts ADD COLUMN protected BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE operator_roles ADD COLUMN sees_protected BOOLEAN NOT NULL DEFAULT FALSE;
