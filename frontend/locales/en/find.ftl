# Finding a court: the search page (`/`), its map and list, a venue's day
# and week, and watching a taken time.

## Sports and surfaces, as the venues' data names them.

sport-tennis = Tennis
sport-padel = Padel
# Written lower case after the sports in a venue card ("Tennis · Outdoor · clay, hard").
surface-hard = Hard
surface-clay = Clay
surface-grass = Grass
surface-artificial-grass = Artificial grass
surface-carpet = Carpet

## The search page.

home-title = Find a free court
home-near-me = Near me
# On the "Near me" button while the position is being found.
home-locating = Locating…
home-choose-city = Choose a city
# Heading of the group of city buttons.
home-search-near = Search near
# Under the buttons once a position is set.
home-near-you = Near you
home-near-place = Near { $place }
home-show-everywhere = Show everywhere

home-filters = Filters
home-filter-sport = Sport
home-filter-place = Indoor or outdoor
home-filter-surface = Surface
home-filter-when = When
home-filter-from = From
home-filter-to = To
home-filter-min = Free for at least
home-filter-sort = Sort
home-custom-error = Choose a time after “From”.
home-sort-hint = Use “Near me” or choose a city to sort by distance.
home-clear-filters = Clear filters

# The line above the results, read out when it changes.
home-searching = Searching…
home-venues = { $count ->
    [one] { $count } venue
   *[other] { $count } venues
}
# A time window was chosen: only venues with a free court then.
home-venues-free = { $count ->
    [one] { $count } venue with free courts
   *[other] { $count } venues with free courts
}
# $venues is home-venues or home-venues-free.
home-summary-near-you = { $venues } near you
home-summary-near-place = { $venues } near { $place }
# More venues matched than are shown.
home-summary-truncated = { $summary } (showing the first { $count })

home-no-results = No courts match this search.
home-no-results-hint = Try a longer time window, a shorter duration, another sport — or search everywhere.
home-show-as = Show results as
home-view-map = Map
home-view-list = List
home-venues-heading = Venues

# A venue card: "Tennis · Outdoor · clay, hard · 4 courts".
home-indoor = Indoor
home-outdoor = Outdoor
home-courts = { $count ->
    [one] { $count } court
   *[other] { $count } courts
}
home-free-times-label = Book a free time at { $venue }
# Read out before a next free time: "Book 18:00 Bana 1". Keep the space at the end.
home-book-time = { "Book " }
home-tomorrow = Tomorrow

## The search's options and labels (shared by the list and the map).

search-any-sport = Any sport
search-place-any = Any
search-place-indoor = Indoor
search-place-outdoor = Outdoor
search-surface-any = Any surface
search-surface-hard = Hard court
search-surface-clay = Clay
search-surface-carpet = Carpet
search-surface-artificial-grass = Artificial grass
search-surface-grass = Grass
search-duration-any = Any length
search-duration-minutes = { $minutes } min
search-sort-distance = Nearest first
search-sort-earliest-free = Earliest free first

# When the free time should be.
search-window-any = Any time
search-window-now = Now
search-window-three-hours = Next 3 hours
search-window-evening = This evening 17–21
search-window-tomorrow = Tomorrow
search-window-custom = Choose times…

# A venue's next free time, on its map marker and in the list; short.
search-free-now = Free now
search-next-free = Next free { $time }
# $day is a short weekday: "Next free Tue 18:00".
search-next-free-day = Next free { $day } { $time }
search-no-free-times = No free times
search-full-today = Full today

# Distances: "850 m", "1.2 km", "34 km".
search-distance-m = { $metres } m
search-distance-km-tenths = { $whole }.{ $tenths } km
search-distance-km = { $km } km

## The map.

map-label = Map of venues
map-unavailable = The map could not be loaded. Every venue is in the list.
map-see-free-times = See free times
# A cluster of markers, for screen readers (the number is shown).
cluster-label = { $count ->
    [one] { $count } venue here, zoom in
   *[other] { $count } venues here, zoom in
}

## "Near me" failed.

geo-denied = Ledig may not use your location. Choose a city instead, or allow location in your browser's settings.
geo-unavailable = Your location isn't available on this device right now. Choose a city instead.
geo-timeout = Finding your location took too long. Choose a city instead, or try again.

## A venue's page.

venue-title = Venue
venue-back = ← All venues
venue-loading = Loading venue…
venue-photos = Photos of the venue
venue-show-by = Show times by
venue-day = Day
venue-week = Week
venue-loading-times = Loading free times…
venue-previous-day = Previous day
venue-date = Date
venue-next-day = Next day
venue-no-courts-open = No courts are open on this day.
venue-free-times = { $count ->
    [0] No free times on this day.
    [one] { $count } free time
   *[other] { $count } free times
}
# Under a court's name: "Clay · outdoor · 60 min".
venue-court-meta = { $surface } · { $place } · { $minutes } min
venue-court-indoor = indoor
venue-court-outdoor = outdoor
venue-closed = Closed on this day.
# A slot's state, read out after its time and price.
venue-slot-free = free
venue-slot-taken = Taken
venue-slot-past = Past
venue-slot-closed = Closed
# On a taken slot: tap to be told if it frees up.
venue-slot-watch = Watch
venue-slot-watching = Watching
# $times is "18:00–19:00".
venue-watch-failed = Could not watch { $times }: { $problem }
venue-watching = You're watching { $times }.
venue-watching-notify = You're watching { $times }. We'll send a notification if it frees up.

## A venue's week.

week-loading = Loading the week…
week-previous = Previous week
week-next = Next week
week-days = 7 days
week-no-courts-open = No courts are open this week.
week-free-times = { $count ->
    [0] No free times this week.
    [one] { $count } free time this week
   *[other] { $count } free times this week
}
week-schedule-label = Week schedule, scrolls sideways
week-caption = Free and taken times per court and day
week-closed = Closed
# "Tuesday 25 November"
week-date-long = { $weekday } { $day } { $month }
# "Tue 25"
week-date-short = { $weekday } { $day }
# A free cell's name: "Bana 1, Tuesday 25 November, 18:00–19:00, 150 kr, free".
week-slot-free = { $court }, { $date }, { $times }, { $price }, free
week-slot-taken = { $times }, taken
week-slot-closed = { $times }, closed
week-slot-past = { $times }, past

## Watching a taken time.

# $times is "18:00–19:00", $date "Sunday 23 November 2025".
watch-ask-heading = Watch { $times }?
watch-ask-text = We send a notification to this phone if { $court } at { $times } on { $date } frees up. If several people watch it, it is offered to one at a time, for a few minutes each, starting with whoever was offered a time least recently.
watch-ask-hint = Your browser will ask whether Ledig may send notifications.
watch-ask-confirm = Watch this time
watch-ask-cancel = Not now
# The link to the list of watches, inside the sentences below.
watch-my-watches = My watches
# After "You're watching 18:00–19:00. …": " See [My watches]."
watch-notice-see-before = { " See " }
watch-notice-see-after = { "." }
# After "You're watching 18:00–19:00.", when no notification can arrive: " It is listed on [My watches]."
watch-notice-listed-before = { " It is listed on " }
watch-notice-listed-after = { "." }
sport-badminton = Badminton
sport-pickleball = Pickleball
