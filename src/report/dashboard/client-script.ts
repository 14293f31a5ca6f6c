/**
 * The dashboard page's script: plain ES5-style JavaScript, no dependencies, no requests. It filters
 * the embedded rows (period, source, category), computes the same Summary as src/report/metrics.ts
 * (a test runs it in node:vm and compares), and renders KPIs, inline SVG charts and tables as HTML
 * strings. The page is pre-rendered on the server by running this same script (see html.ts), so it
 * shows the whole window even without JavaScript.
 *
 * Kept as a string (not bundled code) because the page must be self-contained. No backticks and no
 * dollar-brace sequences inside.
 */
export const CLIENT_SCRIPT = String.raw`(function (root) {
  'use strict';
  var P = 0, C = 1, S = 2, PR = 3, ST = 4, FR = 5, RS = 6, SLA = 7, FL = 8, LD = 9, OPEN = 10;
  var SLA_NAMES = ['none', 'met', 'breached', 'pending', 'unknown'];
  var NO_RESPONSE = 'no response yet';
  var UNKNOWN_TIME = 'answered, time unknown';
  var PLURAL = { complaint: 'Complaints', compliment: 'Compliments', question: 'Questions', neutral: 'Neutral' };

  function esc(text) {
    return String(text).replace(/[&<>"']/g, function (c) {
      return '&#' + c.charCodeAt(0) + ';';
    });
  }
  function pad2(n) {
    return n < 10 ? '0' + n : String(n);
  }
  function formatDuration(seconds) {
    if (seconds === null || seconds === undefined || seconds !== seconds) return '\u2014';
    var s = Math.max(0, Math.round(seconds));
    if (s < 60) return s + 's';
    var minutes = Math.floor(s / 60);
    if (minutes < 60) return minutes + 'm';
    var hours = Math.floor(minutes / 60);
    if (hours < 24) return hours + 'h ' + pad2(minutes % 60) + 'm';
    var days = Math.floor(hours / 24);
    return hours % 24 === 0 ? days + 'd' : days + 'd ' + (hours % 24) + 'h';
  }
  function percent(v) {
    return v === null || v === undefined ? '\u2014' : Math.round(v * 100) + '%';
  }
  function ratio(a, b) {
    return b === 0 ? null : a / b;
  }
  function stats(values) {
    var n = values.length;
    if (n === 0) return { count: 0, median: null, p90: null, mean: null };
    var sorted = values.slice().sort(function (a, b) {
      return a - b;
    });
    var mid = Math.floor(n / 2);
    var median = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    var p90 = sorted[Math.max(0, Math.ceil(0.9 * n) - 1)];
    var sum = 0;
    for (var i = 0; i < n; i++) sum += sorted[i];
    return { count: n, median: median, p90: p90, mean: sum / n };
  }

  /** The same Summary as src/report/metrics.ts summarize(). */
  function summarize(data, rows) {
    var byCategory = {};
    for (var c = 0; c < data.categories.length; c++) byCategory[data.categories[c]] = 0;
    var fr = [], rs = [], ld = [];
    var sla = { met: 0, breached: 0, pending: 0, unknown: 0 };
    var open = 0, resolved = 0, dismissed = 0, responded = 0, escalated = 0, followedUp = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      byCategory[data.categories[r[C]]]++;
      if (r[ST] === 0) open++;
      else if (r[ST] === 1) resolved++;
      else dismissed++;
      if (r[FR] !== -1) responded++;
      if (r[FR] >= 0) fr.push(r[FR]);
      if (r[RS] >= 0) rs.push(r[RS]);
      if (r[LD] >= 0) ld.push(r[LD]);
      if (r[FL] & 1) escalated++;
      if (r[FL] & 2) followedUp++;
      if (r[SLA] !== 0) sla[SLA_NAMES[r[SLA]]]++;
    }
    var n = rows.length;
    return {
      mentions: n,
      open: open,
      resolved: resolved,
      dismissed: dismissed,
      byCategory: byCategory,
      responded: responded,
      responseRate: ratio(responded, n),
      firstResponse: stats(fr),
      resolution: stats(rs),
      sla: { met: sla.met, breached: sla.breached, pending: sla.pending, unknown: sla.unknown, attainment: ratio(sla.met, sla.met + sla.breached) },
      brandHealth: ratio(byCategory.compliment, byCategory.compliment + byCategory.complaint),
      escalated: escalated,
      escalationRate: ratio(escalated, n),
      followedUp: followedUp,
      handOffRate: ratio(followedUp, responded),
      leadTime: stats(ld)
    };
  }

  /** The same buckets as src/report/metrics.ts responseDistribution(). */
  function distribution(data, rows) {
    var counts = data.buckets.map(function (b) {
      return { label: b.label, count: 0 };
    });
    var none = 0, unknown = 0;
    for (var i = 0; i < rows.length; i++) {
      var v = rows[i][FR];
      if (v >= 0) {
        for (var b = 0; b < data.buckets.length; b++) {
          var up = data.buckets[b].upTo;
          if (up === null || v <= up) {
            counts[b].count++;
            break;
          }
        }
      } else if (v === -2) unknown++;
      else none++;
    }
    counts.push({ label: NO_RESPONSE, count: none });
    if (unknown > 0) counts.push({ label: UNKNOWN_TIME, count: unknown });
    return counts;
  }

  /** filter: { period: index or -1, source: index or -1, category: index or -1 }; ignorePeriod for trends. */
  function select(data, filter, ignorePeriod) {
    return data.rows.filter(function (r) {
      return (ignorePeriod || filter.period < 0 || r[P] === filter.period) &&
        (filter.source < 0 || r[S] === filter.source) &&
        (filter.category < 0 || r[C] === filter.category);
    });
  }

  function niceMax(max) {
    if (!(max > 0)) return 1;
    var magnitude = Math.pow(10, Math.floor(Math.log(max) / Math.LN10));
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * magnitude >= max) return steps[i] * magnitude;
    return max;
  }
  function shortPeriod(id) {
    return id.replace(/^\d{4}-(W\d\d)$/, '$1');
  }
  function fmt(n) {
    return String(Math.round(n * 100) / 100);
  }

  var W = 640, H = 240, ML = 44, MR = 12, MT = 12, MB = 34;
  function svgOpen(id, title, desc) {
    return '<svg viewBox="0 0 ' + W + ' ' + H + '" role="img" aria-labelledby="' + id + '-t ' + id + '-d" class="chart">' +
      '<title id="' + id + '-t">' + esc(title) + '</title><desc id="' + id + '-d">' + esc(desc) + '</desc>';
  }
  function yAxis(max, unit) {
    var out = '';
    var ticks = [0, max / 2, max];
    for (var i = 0; i < ticks.length; i++) {
      var y = MT + (H - MT - MB) * (1 - ticks[i] / max);
      out += '<line x1="' + ML + '" x2="' + (W - MR) + '" y1="' + fmt(y) + '" y2="' + fmt(y) + '" class="grid"/>' +
        '<text x="' + (ML - 6) + '" y="' + fmt(y + 4) + '" text-anchor="end" class="tick">' + esc(fmt(ticks[i]) + unit) + '</text>';
    }
    return out;
  }
  function xLabels(labels) {
    var band = (W - ML - MR) / labels.length;
    var out = '';
    for (var i = 0; i < labels.length; i++) {
      out += '<text x="' + fmt(ML + band * (i + 0.5)) + '" y="' + (H - MB + 18) + '" text-anchor="middle" class="tick">' + esc(labels[i]) + '</text>';
    }
    return out;
  }

  function volumeChart(data, rows, highlight) {
    var nP = data.periods.length;
    var counts = [];
    for (var p = 0; p < nP; p++) {
      counts.push({});
      for (var c = 0; c < data.categories.length; c++) counts[p][data.categories[c]] = 0;
    }
    for (var i = 0; i < rows.length; i++) counts[rows[i][P]][data.categories[rows[i][C]]]++;
    var totals = counts.map(function (x) {
      var t = 0;
      for (var k in x) t += x[k];
      return t;
    });
    var max = niceMax(Math.max.apply(null, [0].concat(totals)));
    var band = (W - ML - MR) / nP;
    var bw = band * 0.62;
    var plotH = H - MT - MB;
    var svg = svgOpen('volume', 'Mentions per ' + data.periodKind + ' by category', 'Stacked bars, one per ' + data.periodKind + '; the table below has the numbers.');
    svg += yAxis(max, '');
    for (p = 0; p < nP; p++) {
      var base = 0;
      var dim = highlight >= 0 && highlight !== p;
      for (var s = 0; s < data.stackOrder.length; s++) {
        var cat = data.stackOrder[s];
        var v = counts[p][cat];
        if (v === 0) continue;
        var y = MT + plotH * (1 - (base + v) / max);
        var h = plotH * (v / max);
        svg += '<rect x="' + fmt(ML + band * p + (band - bw) / 2) + '" y="' + fmt(y) + '" width="' + fmt(bw) + '" height="' + fmt(h) +
          '" fill="' + data.colors[cat] + '"' + (dim ? ' opacity="0.35"' : '') + '><title>' +
          esc(data.periods[p].id + ': ' + v + ' ' + PLURAL[cat].toLowerCase()) + '</title></rect>';
        base += v;
      }
    }
    svg += xLabels(data.periods.map(function (x) {
      return shortPeriod(x.id);
    }));
    svg += '</svg>';
    var legend = '<ul class="legend">' + data.stackOrder.map(function (cat) {
      return '<li><svg class="swatch" viewBox="0 0 10 10" aria-hidden="true"><rect width="10" height="10" fill="' + data.colors[cat] + '"/></svg>' + PLURAL[cat] + '</li>';
    }).join('') + '</ul>';
    var head = '<tr><th scope="col">' + (data.periodKind === 'week' ? 'Week' : 'Month') + '</th>' +
      data.stackOrder.map(function (cat) {
        return '<th scope="col">' + PLURAL[cat] + '</th>';
      }).join('') + '<th scope="col">Total</th></tr>';
    var body = '';
    for (p = 0; p < nP; p++) {
      body += '<tr' + (highlight === p ? ' class="current"' : '') + '><th scope="row">' + esc(data.periods[p].id) + '</th>' +
        data.stackOrder.map(function (cat) {
          return '<td>' + counts[p][cat] + '</td>';
        }).join('') + '<td>' + totals[p] + '</td></tr>';
    }
    return '<div class="viz">' + svg + legend + '</div><div class="scroll"><table class="data" id="volume-table"><thead>' + head + '</thead><tbody>' + body + '</tbody></table></div>';
  }

  function distributionChart(data, rows) {
    var d = distribution(data, rows);
    var max = niceMax(Math.max.apply(null, [0].concat(d.map(function (x) {
      return x.count;
    }))));
    var band = (W - ML - MR) / d.length;
    var bw = band * 0.62;
    var plotH = H - MT - MB;
    var svg = svgOpen('dist', 'First-response time', 'Mentions per first-response bucket; the table below has the numbers.');
    svg += yAxis(max, '');
    for (var i = 0; i < d.length; i++) {
      var h = plotH * (d[i].count / max);
      var fill = d[i].label === NO_RESPONSE ? '#d73a4a' : d[i].label === UNKNOWN_TIME ? '#8c959f' : '#0075ca';
      svg += '<rect x="' + fmt(ML + band * i + (band - bw) / 2) + '" y="' + fmt(MT + plotH - h) + '" width="' + fmt(bw) + '" height="' + fmt(h) + '" fill="' + fill + '"><title>' +
        esc(d[i].label + ': ' + d[i].count) + '</title></rect>';
    }
    svg += xLabels(d.map(function (x) {
      return x.label === NO_RESPONSE ? 'none yet' : x.label === UNKNOWN_TIME ? 'unknown' : x.label;
    }));
    svg += '</svg>';
    var body = d.map(function (x) {
      return '<tr><th scope="row">' + esc(x.label) + '</th><td>' + x.count + '</td></tr>';
    }).join('');
    return '<div class="viz">' + svg + '</div><div class="scroll"><table class="data" id="dist-table"><thead><tr><th scope="col">First response</th><th scope="col">Mentions</th></tr></thead><tbody>' + body + '</tbody></table></div>';
  }

  function perPeriod(data, rows) {
    var groups = data.periods.map(function () {
      return [];
    });
    for (var i = 0; i < rows.length; i++) groups[rows[i][P]].push(rows[i]);
    return groups.map(function (g) {
      return summarize(data, g);
    });
  }

  function healthChart(data, summaries, highlight) {
    var plotH = H - MT - MB;
    var band = (W - ML - MR) / data.periods.length;
    var svg = svgOpen('health', 'Brand health per ' + data.periodKind, 'Compliments divided by compliments plus complaints, in percent; the table below has the numbers.');
    svg += yAxis(100, '%');
    var path = '', dots = '', pen = false;
    for (var p = 0; p < summaries.length; p++) {
      var v = summaries[p].brandHealth;
      if (v === null) {
        pen = false;
        continue;
      }
      var x = ML + band * (p + 0.5);
      var y = MT + plotH * (1 - v);
      path += (pen ? 'L' : 'M') + fmt(x) + ' ' + fmt(y) + ' ';
      pen = true;
      dots += '<circle cx="' + fmt(x) + '" cy="' + fmt(y) + '" r="' + (highlight === p ? 6 : 4) + '" fill="#0e8a16"><title>' +
        esc(data.periods[p].id + ': ' + percent(v)) + '</title></circle>';
    }
    if (path) svg += '<path d="' + path.trim() + '" fill="none" stroke="#0e8a16" stroke-width="2.5"/>';
    svg += dots + xLabels(data.periods.map(function (x) {
      return shortPeriod(x.id);
    })) + '</svg>';
    var body = summaries.map(function (s, p) {
      return '<tr' + (highlight === p ? ' class="current"' : '') + '><th scope="row">' + esc(data.periods[p].id) + '</th><td>' + s.byCategory.compliment + '</td><td>' +
        s.byCategory.complaint + '</td><td>' + percent(s.brandHealth) + '</td></tr>';
    }).join('');
    return '<div class="viz">' + svg + '</div><div class="scroll"><table class="data" id="health-table"><thead><tr><th scope="col">' + (data.periodKind === 'week' ? 'Week' : 'Month') +
      '</th><th scope="col">Compliments</th><th scope="col">Complaints</th><th scope="col">Brand health</th></tr></thead><tbody>' + body + '</tbody></table></div>';
  }

  function periodTable(data, summaries, highlight) {
    var body = summaries.map(function (s, p) {
      return '<tr' + (highlight === p ? ' class="current"' : '') + '><th scope="row">' + esc(data.periods[p].id) + '</th><td>' + s.mentions + '</td><td>' + s.responded + '</td><td>' +
        percent(s.responseRate) + '</td><td>' + formatDuration(s.firstResponse.median) + '</td><td>' + formatDuration(s.firstResponse.p90) + '</td><td>' +
        formatDuration(s.resolution.median) + '</td><td>' + percent(s.sla.attainment) + '</td><td>' + s.sla.breached + '</td><td>' + s.escalated + '</td><td>' +
        percent(s.handOffRate) + '</td></tr>';
    }).join('');
    return '<table class="data" id="period-table"><thead><tr><th scope="col">' + (data.periodKind === 'week' ? 'Week' : 'Month') +
      '</th><th scope="col">Mentions</th><th scope="col">Answered</th><th scope="col">Response rate</th><th scope="col">First response median</th>' +
      '<th scope="col">p90</th><th scope="col">Resolution median</th><th scope="col">SLA met</th><th scope="col">Breached</th><th scope="col">Escalated</th>' +
      '<th scope="col">Hand-off</th></tr></thead><tbody>' + body + '</tbody></table>';
  }

  function sourceTable(data, rows) {
    var groups = data.sources.map(function () {
      return [];
    });
    for (var i = 0; i < rows.length; i++) groups[rows[i][S]].push(rows[i]);
    var list = data.sources.map(function (name, i) {
      return { name: name, s: summarize(data, groups[i]) };
    }).filter(function (x) {
      return x.s.mentions > 0;
    }).sort(function (a, b) {
      return b.s.mentions - a.s.mentions || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    var body = list.map(function (x) {
      return '<tr><th scope="row">' + esc(x.name) + '</th><td>' + x.s.mentions + '</td><td>' + x.s.responded + '</td><td>' + formatDuration(x.s.firstResponse.median) +
        '</td><td>' + x.s.byCategory.complaint + '</td><td>' + x.s.byCategory.compliment + '</td><td>' + percent(x.s.brandHealth) + '</td></tr>';
    }).join('');
    if (!body) body = '<tr><td colspan="7">No mentions.</td></tr>';
    return '<table class="data" id="source-table"><thead><tr><th scope="col">Source</th><th scope="col">Mentions</th><th scope="col">Answered</th>' +
      '<th scope="col">First response median</th><th scope="col">Complaints</th><th scope="col">Compliments</th><th scope="col">Brand health</th></tr></thead><tbody>' +
      body + '</tbody></table>';
  }

  function link(url, text) {
    if (/^https?:\/\//i.test(url)) return '<a href="' + esc(url) + '">' + esc(text) + '</a>';
    if (/^\//.test(url)) return '<a href="file://' + esc(encodeURI(url)) + '">' + esc(text) + '</a>';
    return esc(text);
  }

  function openList(data, rows) {
    var items = rows.filter(function (r) {
      return r[OPEN] >= 0;
    }).map(function (r) {
      return data.open[r[OPEN]];
    }).sort(function (a, b) {
      return b.age - a.age || a.number - b.number;
    });
    if (items.length === 0) return '<p class="empty">No open high-priority mentions.</p>';
    return '<ul class="open" id="open-list">' + items.map(function (o) {
      return '<li data-number="' + o.number + '">' + link(o.url, '#' + o.number) + ' <span class="title">' + esc(o.title) + '</span> <span class="age">open ' +
        formatDuration(o.age) + '</span>' + (o.breached ? ' <span class="badge breached">SLA breached</span>' : '') +
        (o.responded ? '' : ' <span class="badge">no response yet</span>') + '</li>';
    }).join('') + '</ul>';
  }

  function kpi(id, label, value, note) {
    return '<div class="kpi" id="kpi-' + id + '"><div class="label">' + esc(label) + '</div><div class="value">' + esc(value) + '</div>' +
      '<div class="note">' + esc(note) + '</div></div>';
  }

  function brandHealthKpi(s, min) {
    var n = s.byCategory.compliment + s.byCategory.complaint;
    var counts = s.byCategory.compliment + ' compliments, ' + s.byCategory.complaint + ' complaints';
    return n >= min ? kpi('brand-health', 'Brand health', percent(s.brandHealth), counts) :
      kpi('brand-health', 'Brand health', '\u2014', counts + ': too few to say (it takes ' + min + ')');
  }

  function kpis(s, min) {
    return kpi('mentions', 'Mentions', String(s.mentions), s.open + ' open, ' + s.resolved + ' resolved, ' + s.dismissed + ' dismissed') +
      kpi('response-rate', 'Answered', percent(s.responseRate), s.responded + ' of ' + s.mentions) +
      kpi('first-response', 'First response (median)', formatDuration(s.firstResponse.median), '90th percentile ' + formatDuration(s.firstResponse.p90) + ', mean ' + formatDuration(s.firstResponse.mean)) +
      kpi('resolution', 'Resolution (median)', formatDuration(s.resolution.median), '90th percentile ' + formatDuration(s.resolution.p90)) +
      kpi('sla', 'SLA met', percent(s.sla.attainment), s.sla.breached + ' breached, ' + s.sla.pending + ' pending') +
      brandHealthKpi(s, min) +
      kpi('escalation', 'Escalated', percent(s.escalationRate), s.escalated + ' mentions') +
      kpi('hand-off', 'Hand-off to private', percent(s.handOffRate), s.followedUp + ' followed up') +
      kpi('lead-time', 'Mention-to-fix (median)', formatDuration(s.leadTime.median), s.leadTime.count + ' fixed');
  }

  function describe(data, filter) {
    var parts = [];
    parts.push(filter.period >= 0 ? data.periods[filter.period].id + ' (' + data.periods[filter.period].dates + ')' : 'all ' + data.periods.length + ' ' + data.periodKind + 's');
    if (filter.source >= 0) parts.push('source ' + data.sources[filter.source]);
    if (filter.category >= 0) parts.push(data.categories[filter.category] + 's');
    return 'Showing ' + parts.join(', ') + '.';
  }

  /** Everything the page shows for a filter, as HTML strings keyed by container id. */
  function render(data, filter) {
    var rows = select(data, filter, false);
    var trend = select(data, filter, true);
    var summaries = perPeriod(data, trend);
    return {
      caption: esc(describe(data, filter)),
      kpis: kpis(summarize(data, rows), data.brandHealthMinSample),
      volume: volumeChart(data, trend, filter.period),
      distribution: distributionChart(data, rows),
      health: healthChart(data, summaries, filter.period),
      periods: periodTable(data, summaries, filter.period),
      sources: sourceTable(data, rows),
      open: openList(data, rows)
    };
  }

  var api = { summarize: summarize, distribution: distribution, select: select, render: render, formatDuration: formatDuration, percent: percent };
  root.EarshotDashboard = api;

  if (typeof document === 'undefined') return;
  var holder = document.getElementById('earshot-data');
  if (!holder) return;
  var data = JSON.parse(holder.textContent || '{}');
  var controls = { period: 'f-period', source: 'f-source', category: 'f-category' };
  var names = { period: data.periods.map(function (p) { return p.id; }), source: data.sources, category: data.categories };

  function current() {
    var f = {};
    for (var k in controls) f[k] = Number(document.getElementById(controls[k]).value);
    return f;
  }
  function paint() {
    var f = current();
    var out = render(data, f);
    for (var id in out) {
      var el = document.getElementById('out-' + id);
      if (el) el.innerHTML = out[id];
    }
    var hash = [];
    for (var k in controls) if (f[k] >= 0) hash.push(k + '=' + encodeURIComponent(names[k][f[k]]));
    if (root.history && root.history.replaceState) root.history.replaceState(null, '', hash.length ? '#' + hash.join('&') : root.location.pathname + root.location.search);
  }
  function fromHash() {
    var pairs = (root.location.hash || '').replace(/^#/, '').split('&');
    for (var i = 0; i < pairs.length; i++) {
      var kv = pairs[i].split('=');
      var k = kv[0];
      if (!controls[k] || kv.length < 2) continue;
      var idx = names[k].indexOf(decodeURIComponent(kv[1]));
      if (idx >= 0) document.getElementById(controls[k]).value = String(idx);
    }
  }
  for (var k in controls) document.getElementById(controls[k]).addEventListener('change', paint);
  document.getElementById('f-reset').addEventListener('click', function () {
    for (var k in controls) document.getElementById(controls[k]).value = '-1';
    paint();
  });
  document.documentElement.className += ' js';
  fromHash();
  paint();
})(typeof window !== 'undefined' ? window : globalThis);
`;
