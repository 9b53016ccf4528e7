// The dashboards' charts (langnghe/web/charts.py writes each as JSON in a data-chart attribute).
// A click on a bar, a point or a column's background opens the search that the data names;
// tooltips are plain text escaped here, never markup from the data.
(function () {
  "use strict";

  var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeText(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return ENTITIES[c]; });
  }

  function tooltip(params) {
    var list = Array.isArray(params) ? params : [params];
    return list
      .filter(function (p) { return p.data && p.data.tip; })
      .map(function (p) { return escapeText(p.data.tip); })
      .join("<br>");
  }

  // Only a path of this site: the data never sends the reader elsewhere.
  function open(url) {
    if (typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/") {
      window.location.assign(url);
    }
  }

  function option(spec) {
    var across = spec.kind === "bars";
    var category = { type: "category", data: spec.categories, inverse: across,
                     axisLabel: { width: 140, overflow: "truncate" } };
    var value = { type: "value", minInterval: 1 };
    var series = spec.series.map(function (s) {
      return {
        name: s.name, type: spec.line ? "line" : "bar", stack: spec.stacked ? "all" : undefined,
        cursor: "pointer", symbolSize: 6, emphasis: { focus: "series" },
        itemStyle: s.color ? { color: s.color } : undefined,
        data: s.points.map(function (p) { return { value: p.y, url: p.url, tip: p.tip }; })
      };
    });
    return {
      animation: false,
      tooltip: { trigger: across ? "item" : "axis", formatter: tooltip, confine: true },
      legend: spec.series.length > 1 ? { top: 0, data: spec.series.map(function (s) { return s.name; }) } : undefined,
      grid: { containLabel: true, left: 8, right: 16, top: spec.series.length > 1 ? 32 : 12, bottom: across ? 8 : 56 },
      xAxis: across ? value : category,
      yAxis: across ? category : value,
      dataZoom: across ? [] : [{ type: "inside" }, { type: "slider", height: 20, bottom: 8 }],
      series: series
    };
  }

  function draw(element) {
    if (element.dataset.drawn) { return; }
    var spec = JSON.parse(element.dataset.chart);
    var chart = window.echarts.init(element, null, { renderer: "canvas" });
    chart.setOption(option(spec));
    var clickedItem = false;
    chart.on("click", function (params) {
      clickedItem = true;
      open(params.data && params.data.url);
    });
    // A click elsewhere in a time chart's column opens that bucket's search (the first series: the total).
    chart.getZr().on("click", function (event) {
      if (clickedItem || spec.kind !== "columns") { clickedItem = false; return; }
      var at = [event.offsetX, event.offsetY];
      if (!chart.containPixel("grid", at)) { return; }
      var index = chart.convertFromPixel({ xAxisIndex: 0 }, at);
      var first = spec.series[0];
      if (first && typeof index === "number" && first.points[index]) { open(first.points[index].url); }
    });
    window.addEventListener("resize", function () { chart.resize(); });
    element.dataset.drawn = "1";
  }

  function drawAll() {
    if (!window.echarts) { return; }
    document.querySelectorAll("[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
  document.addEventListener("htmx:afterSwap", drawAll);
})();
