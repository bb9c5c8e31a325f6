// The case page's graph: cases and the identifiers they share (ECharts force layout); click a case to open it.
(function () {
  var el = document.getElementById('case-graph');
  if (!el || typeof echarts === 'undefined') { return; }
  var chart = echarts.init(el);
  function load(view) {
    fetch(el.getAttribute('data-url') + '?view=' + view, { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.json(); })
      .then(function (g) {
        chart.setOption({
          tooltip: { formatter: function (p) { return p.data.name || ''; } },
          legend: [{ data: g.categories.map(function (c) { return c.name; }), type: 'scroll', bottom: 0 }],
          series: [{ type: 'graph', layout: 'force', roam: true, draggable: true, categories: g.categories,
            force: { repulsion: 120, edgeLength: 40 }, label: { show: g.nodes.length < 60, position: 'right', fontSize: 10 },
            data: g.nodes, links: g.links, lineStyle: { color: 'source', opacity: 0.6 } }]
        }, true);
        el.setAttribute('data-nodes', String(g.nodes.length));
        el.setAttribute('data-view', g.view);
      });
  }
  chart.on('click', function (p) { if (p.data && p.data.caseId) { window.location = '/antifraud/cases/' + p.data.caseId; } });
  var series = document.getElementById('view-series');
  var gang = document.getElementById('view-gang');
  series.addEventListener('click', function () { series.classList.add('active'); gang.classList.remove('active'); load('series'); });
  gang.addEventListener('click', function () { gang.classList.add('active'); series.classList.remove('active'); load('gang'); });
  window.addEventListener('resize', function () { chart.resize(); });
  load('series');
})();
