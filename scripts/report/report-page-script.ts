// The browser side of the report: draws the charts with uPlot from the JSON embedded in the page. Plain ES2020
// kept as a string, because it runs in the page, not in Node. Times in the data are epoch ms; uPlot wants seconds,
// and the axes show New York time, the market's clock, whatever the viewer's timezone.
export const REPORT_PAGE_SCRIPT = String.raw`
(function () {
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var tz = function (ts) { return uPlot.tzDate(new Date(ts * 1000), "America/New_York"); };
  var width = function (el) { return Math.max(360, Math.min(1100, el.clientWidth || 560)); };
  // uPlot pads a flat series from 0 to twice its value; a flat equity line reads better close up.
  var padded = function (u, min, max) {
    if (min == null || max == null) return [0, 1];
    var pad = Math.max((max - min) * 0.1, Math.abs(max) * 0.0005, 0.5);
    return [min - pad, max + pad];
  };
  var usd = function (u, v) { return v == null ? "-" : "$" + v.toLocaleString("en-US", { maximumFractionDigits: 2 }); };
  var plots = [];
  function chart(id, title, series, columns, opts) {
    var el = document.getElementById(id);
    if (!el || columns[0].length === 0) return;
    var o = Object.assign({
      title: title, width: width(el), height: 220, tzDate: tz,
      scales: { x: { time: true } },
      legend: { live: true },
      series: [{}].concat(series),
      axes: [{}, { size: 70 }],
    }, opts || {});
    plots.push(new uPlot(o, columns, el));
  }
  data.accounts.forEach(function (a) {
    var x = a.equity.map(function (p) { return p.atMs / 1000; });
    var hasBroker = a.brokerEquity.some(function (v) { return v !== null; });
    var series = [{ label: "equity (derived)", stroke: "#1f6feb", width: 2, value: usd }];
    var cols = [x, a.equity.map(function (p) { return p.equityUsd; })];
    if (hasBroker) {
      series.push({ label: "broker equity (snapshots)", stroke: "#8b949e", dash: [6, 4], width: 1, value: usd });
      cols.push(a.brokerEquity);
    }
    chart("equity-" + a.account, a.account + ": equity", series, cols, { scales: { x: { time: true }, y: { range: padded } }, axes: [{}, { size: 80, values: function (u, vals) { return vals.map(function (v) { return "$" + v.toLocaleString("en-US"); }); } }] });
    chart("drawdown-" + a.account, a.account + ": drawdown from running peak", [
      { label: "drawdown %", stroke: "#cf222e", fill: "rgba(207,34,46,0.15)", width: 1.5, value: function (u, v) { return v == null ? "-" : v.toFixed(3) + "%"; } },
    ], [x, a.equity.map(function (p) { return p.drawdownPct; })], { scales: { x: { time: true }, y: { range: function (u, min) { return [Math.min(min * 1.1, -0.01), 0]; } } } });
  });
  var act = data.activity;
  var step = uPlot.paths && uPlot.paths.stepped ? uPlot.paths.stepped({ align: 1 }) : undefined;
  chart("activity", "activity per minute", [
    { label: "bars", stroke: "#8250df", width: 1, paths: step },
    { label: "recommendations", stroke: "#bf8700", width: 1.5, paths: step },
    { label: "orders", stroke: "#1a7f37", width: 2, paths: step },
    { label: "fills", stroke: "#cf222e", width: 1.5, dash: [4, 3], paths: step },
  ], [
    act.map(function (m) { return m.atMs / 1000; }),
    act.map(function (m) { return m.bars; }),
    act.map(function (m) { return m.recommendations; }),
    act.map(function (m) { return m.orders; }),
    act.map(function (m) { return m.fills; }),
  ]);
  document.body.setAttribute("data-charts", String(plots.length));
})();
`;
