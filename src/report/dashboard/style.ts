/** The dashboard's stylesheet (inline; its hash is in the page's Content-Security-Policy). */
export const DASHBOARD_CSS = `
:root { color-scheme: light dark; --bg: #f6f8fa; --card: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --accent: #0969da; --bad: #cf222e; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --card: #151b23; --fg: #e6edf3; --muted: #9198a1; --line: #3d444d; --accent: #4493f8; --bad: #f85149; } }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0 20px; }
header { padding-top: 20px; }
h1 { font-size: 1.6rem; margin: 0 0 4px; }
h2 { font-size: 1.05rem; margin: 0 0 10px; }
.meta, .caption, footer { color: var(--muted); }
.filters { display: none; flex-wrap: wrap; gap: 12px 20px; align-items: end; margin: 16px 0 4px; }
.js .filters { display: flex; }
.filters label { display: flex; flex-direction: column; font-size: 0.85rem; color: var(--muted); gap: 4px; }
select, button { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px; background: var(--card); color: var(--fg); }
button { cursor: pointer; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; margin: 12px 0 20px; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 12px 14px; }
.kpi .label { font-size: 0.8rem; color: var(--muted); text-transform: uppercase; letter-spacing: 0.03em; }
.kpi .value { font-size: 1.7rem; font-weight: 650; margin: 2px 0; font-variant-numeric: tabular-nums; }
.kpi .note { font-size: 0.8rem; color: var(--muted); }
.pair { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 24px; align-items: start; }
@media (max-width: 820px) { .pair { grid-template-columns: minmax(0, 1fr); } }
.card { background: var(--card); border: 1px solid var(--line); border-radius: 10px; padding: 14px 16px; margin-bottom: 16px; }
svg.chart { width: 100%; height: auto; display: block; }
svg.chart .grid { stroke: var(--line); stroke-width: 1; }
svg.chart .tick { fill: var(--muted); font-size: 12px; }
.legend { list-style: none; display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 0; margin: 6px 0 8px; font-size: 0.85rem; }
.legend li { display: flex; align-items: center; gap: 6px; }
svg.swatch { width: 12px; height: 12px; border-radius: 2px; }
table.data { border-collapse: collapse; width: 100%; font-size: 0.85rem; font-variant-numeric: tabular-nums; }
table.data th, table.data td { padding: 4px 6px; border-bottom: 1px solid var(--line); text-align: right; white-space: nowrap; }
table.data th[scope="row"], table.data thead th:first-child { text-align: left; }
table.data thead th { color: var(--muted); font-weight: 600; white-space: normal; vertical-align: bottom; }
table.data tr.current { background: color-mix(in srgb, var(--accent) 12%, transparent); }
.scroll { overflow-x: auto; }
ul.open { list-style: none; padding: 0; margin: 0; }
ul.open li { padding: 8px 0; border-bottom: 1px solid var(--line); }
ul.open a { color: var(--accent); font-weight: 600; text-decoration: none; }
ul.open .age { color: var(--muted); font-size: 0.85rem; }
.badge { font-size: 0.75rem; border: 1px solid var(--line); border-radius: 999px; padding: 1px 8px; color: var(--muted); }
.badge.breached { border-color: var(--bad); color: var(--bad); }
.empty { color: var(--muted); }
footer { font-size: 0.8rem; padding-bottom: 24px; }
`;
