//! A bar chart drawn as SVG, with its table: the chart is for the eye
//! (hidden from screen readers), the table right under it says the same
//! in rows and columns, so no figure is only in a picture.

use yew::prelude::*;

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// Under the bar (short: `10`, `mån`).
    pub label: AttrValue,
    /// 0–100.
    pub percent: f64,
}

#[derive(Properties, PartialEq)]
pub struct BarChartProps {
    pub id: AttrValue,
    pub title: AttrValue,
    pub bars: Vec<Bar>,
    /// The table with the same figures.
    pub children: Html,
}

const HEIGHT: f64 = 120.0;
const BAR: f64 = 22.0;
const GAP: f64 = 6.0;

#[function_component(BarChart)]
pub fn bar_chart(props: &BarChartProps) -> Html {
    let width = (props.bars.len() as f64 * (BAR + GAP)).max(BAR);
    let heading = format!("{}-title", props.id);
    html! {
        <figure class="chart" aria-labelledby={heading.clone()}>
            <figcaption id={heading}>{ props.title.clone() }</figcaption>
            <svg class="chart-svg" viewBox={format!("0 0 {width} {}", HEIGHT + 18.0)} aria-hidden="true"
                preserveAspectRatio="xMinYMin meet">
                <line x1="0" y1={HEIGHT.to_string()} x2={width.to_string()} y2={HEIGHT.to_string()} class="chart-axis" />
                { for props.bars.iter().enumerate().map(|(i, bar)| {
                    let h = (bar.percent.clamp(0.0, 100.0) / 100.0 * HEIGHT).max(0.5);
                    let x = i as f64 * (BAR + GAP);
                    html! {
                        <g>
                            <rect class="chart-bar" x={x.to_string()} y={(HEIGHT - h).to_string()}
                                width={BAR.to_string()} height={h.to_string()} />
                            <text class="chart-label" x={(x + BAR / 2.0).to_string()} y={(HEIGHT + 14.0).to_string()}
                                text-anchor="middle">{ bar.label.clone() }</text>
                        </g>
                    }
                }) }
            </svg>
            { props.children.clone() }
        </figure>
    }
}
