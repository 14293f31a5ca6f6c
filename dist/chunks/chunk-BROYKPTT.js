import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
import{a as te}from"./chunk-BVNWPXBN.js";import{c as De,e as Ae,f as x}from"./chunk-WOZA7PRI.js";import{a as R}from"./chunk-3Q5QDKBI.js";import{b as le,c as Pe,d as ce,e as pe,f as ue,j as me,k as fe,l as Ie,m as L,o as Le}from"./chunk-DXOM5HP6.js";import{b as Oe,l as Ee,o as he}from"./chunk-LRVHYD7S.js";import{e as I}from"./chunk-IMZIMWIN.js";import{createHash as Ft}from"node:crypto";import{createHash as Tt}from"node:crypto";import{mkdir as Dt,rename as At,writeFile as Ot}from"node:fs/promises";import{join as Pt,resolve as It}from"node:path";import{Script as Lt}from"node:vm";var re=String.raw`(function (root) {
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
`;function He(e){return e==="month"?"month":"week"}function lt(e){return new Date(e).toISOString().replace(/\.\d{3}Z$/,"Z")}function Ne(e,t){let r=e.getUTCFullYear(),n=e.getUTCMonth();if(t==="month")return Date.UTC(r,n,1);let s=e.getUTCDay()||7;return Date.UTC(r,n,e.getUTCDate()-(s-1))}function Y(e,t){let r=te(e,t);if(!r)throw new Error(`no period for ${t}`);return{id:r.title,start:lt(Ne(e,t)),dueOn:r.dueOn}}function Fe(e,t,r){let n=[],s=new Date(Ne(e,t));for(let l=0;l<r;l++)n.unshift(Y(s,t)),s=t==="month"?new Date(Date.UTC(s.getUTCFullYear(),s.getUTCMonth()-1,1)):new Date(s.getTime()-7*864e5);return n}function _(e,t,r){let n=c=>{if(c!==void 0)return typeof c=="string"?c:c[r]??c.default},s=e[t],l=n(s)??n(e.default);return l===void 0?void 0:Ae(l)}function be(e,t){return e===void 0?"none":t.done?t.doneSeconds===void 0?"unknown":t.doneSeconds<=e?"met":"breached":t.elapsedSeconds>e?"breached":"pending"}var E=["high","normal","low"],Be=e=>new Set(e.map(t=>t.toLowerCase()));function ct(e,t){let r=t?.category;if(r&&R.includes(r)&&e.has(r))return r;let n=R.find(s=>e.has(s));return n||(r&&R.includes(r)?r:"neutral")}function pt(e,t){let r=E.find(s=>e.has(`priority:${s}`));if(r)return r;let n=t?.priority;return n&&E.includes(n)?n:"normal"}function ut(e,t){if(t?.source)return t.source;let r=e.find(n=>n.toLowerCase().startsWith("source:"));return r?r.slice(7):t?.kind??"unknown"}function ge(e){let t=Be(e.labels),r=t.has(me)||t.has(fe);return e.state==="closed"&&e.closedAt&&!r&&!e.comments?{firstResponseAt:e.closedAt,firstResponseBy:"closed",fixes:[]}:{fixes:[]}}function _e(e,t,r){let n=Be(e.labels),s=t??ge(e),l=e.marker,c=l?.published&&!Number.isNaN(Date.parse(l.published))?l.published:e.createdAt,p=ct(n,l),a=pt(n,l),u=Date.parse(e.createdAt),m=r.now.getTime(),o=e.state==="closed",y=o?e.closedAt:void 0,g=s.repliedAt!==void 0||n.has(me),f=s.followedUpAt!==void 0||n.has(fe),k=s.escalatedAt!==void 0||n.has(Ie),d=s.firstResponseAt!==void 0||g||f||o,h=s.firstResponseAt!==void 0?r.clock(u,Date.parse(s.firstResponseAt)):void 0,w=y?r.clock(u,Date.parse(y)):void 0,$=r.clock(u,m),D=s.fixes.map(M=>r.fixClosedAt(M)),F=D.length>0&&D.every(M=>M!==void 0)?D.reduce((M,j)=>Date.parse(j)>Date.parse(M)?j:M):void 0,C=be(_(r.firstResponseTargets,p,a),{done:d,doneSeconds:h,elapsedSeconds:$}),B=be(_(r.resolutionTargets,p,a),{done:o,doneSeconds:w,elapsedSeconds:$}),A=e.stateReason??"completed";return{number:e.number,title:e.title,url:e.url,period:Y(new Date(c),r.periodKind).id,category:p,priority:a,source:ut(e.labels,l),state:o?A==="completed"?"resolved":"dismissed":"open",publishedAt:c,createdAt:e.createdAt,...y?{closedAt:y}:{},responded:d,...s.firstResponseAt!==void 0?{firstResponseAt:s.firstResponseAt}:{},...s.firstResponseBy!==void 0?{firstResponseBy:s.firstResponseBy}:{},...h!==void 0?{firstResponseSeconds:h}:{},...w!==void 0?{resolutionSeconds:w}:{},replied:g,followedUp:f,escalated:k,fixes:s.fixes,...F?{fixClosedAt:F}:{},...F?{leadTimeSeconds:Math.max(0,Math.round((Date.parse(F)-Date.parse(c))/1e3))}:{},firstResponseSla:C,resolutionSla:B,breached:C==="breached"||B==="breached",breachLabeled:n.has(L),ageSeconds:Math.max(0,Math.round((m-u)/1e3)),fromHistory:t!==void 0}}function H(e){return`"${e.replace(/["\\]/g,"'").replace(/[\r\n]+/g," ")}"`}function Ke(e){if(!(e>0))return 1;let t=10**Math.floor(Math.log10(e));for(let r of[1,2,2.5,5,10]){let n=r*t;if(n>=e)return Math.round(n*1e3)/1e3}return e}function ye(e,t){return["```mermaid","---","config:","  themeVariables:","    xyChart:",`      plotColorPalette: "${e.join(", ")}"`,"---","xychart-beta",...t.map(r=>`  ${r}`),"```"].join(`
`)}var K=e=>`[${e.map(t=>typeof t=="string"?H(t):String(Math.round(t*100)/100)).join(", ")}]`;function Ue(e,t,r,n){let s=[],l=t.map(()=>0);for(let a of n)l=l.map((u,m)=>u+(a.values[m]??0)),s.push(l);let c=Ke(Math.max(0,...s.at(-1)??[0])),p=[...n.keys()].reverse();return ye(p.map(a=>n[a].color),[`title ${H(e)}`,`x-axis ${K(t)}`,`y-axis ${H(r)} 0 --> ${c}`,...p.map(a=>`bar ${K(s[a])}`)])}function je(e,t,r,n,s){return ye([s],[`title ${H(e)}`,`x-axis ${K(t)}`,`y-axis ${H(r)} 0 --> ${Ke(Math.max(0,...n))}`,`bar ${K(n)}`])}function ze(e,t,r,n,s,l){return ye([s],[`title ${H(e)}`,`x-axis ${K(t)}`,`y-axis ${H(r)} ${l[0]} --> ${l[1]}`,`line ${K(n)}`])}function ne(e){let t=e.length;if(t===0)return{count:0,median:null,p90:null,mean:null};let r=[...e].sort((p,a)=>p-a),n=Math.floor(t/2),s=t%2===1?r[n]:(r[n-1]+r[n])/2,l=r[Math.max(0,Math.ceil(.9*t)-1)],c=0;for(let p of r)c+=p;return{count:t,median:s,p90:l,mean:c/t}}function N(e,t){return t===0?null:e/t}function S(e){return e==null?"\u2014":`${Math.round(e*100)}%`}var J=5,xe=e=>e.byCategory.compliment+e.byCategory.complaint;function q(e){return xe(e)>=J?e.brandHealth:null}function Se(e){let t=[e.firstResponseSla,e.resolutionSla];for(let r of["breached","pending","unknown","met"])if(t.includes(r))return r;return"none"}function mt(){return{complaint:0,compliment:0,question:0,neutral:0}}function oe(e){let t=mt(),r=[],n=[],s=[],l={met:0,breached:0,pending:0,unknown:0},c=0,p=0,a=0,u=0,m=0,o=0;for(let g of e){t[g.category]++,g.state==="open"?c++:g.state==="resolved"?p++:a++,g.responded&&u++,g.firstResponseSeconds!==void 0&&r.push(g.firstResponseSeconds),g.resolutionSeconds!==void 0&&n.push(g.resolutionSeconds),g.leadTimeSeconds!==void 0&&s.push(g.leadTimeSeconds),g.escalated&&m++,g.followedUp&&o++;let f=Se(g);f!=="none"&&l[f]++}let y=e.length;return{mentions:y,open:c,resolved:p,dismissed:a,byCategory:t,responded:u,responseRate:N(u,y),firstResponse:ne(r),resolution:ne(n),sla:{...l,attainment:N(l.met,l.met+l.breached)},brandHealth:N(t.compliment,t.compliment+t.complaint),escalated:m,escalationRate:N(m,y),followedUp:o,handOffRate:N(o,u),leadTime:ne(s)}}var se=[{label:"\u2264 1h",upTo:3600},{label:"1\u20134h",upTo:4*3600},{label:"4\u201324h",upTo:86400},{label:"1\u20133d",upTo:3*86400},{label:"3\u20137d",upTo:7*86400},{label:"> 7d",upTo:Number.POSITIVE_INFINITY}],ft="no response yet",ht="answered, time unknown";function bt(e){let t=se.map(s=>({label:s.label,count:0})),r=0,n=0;for(let s of e)if(s.firstResponseSeconds!==void 0){let l=se.findIndex(c=>s.firstResponseSeconds<=c.upTo);t[l].count++}else s.responded?n++:r++;return t.push({label:ft,count:r}),n>0&&t.push({label:ht,count:n}),t}function We(e){let t={met:0,breached:0,pending:0,unknown:0};for(let r of e)r!=="none"&&t[r]++;return{...t,attainment:N(t.met,t.met+t.breached)}}function gt(e,t){let r=[];for(let n of R)for(let s of E){let l=_(t.firstResponse,n,s),c=_(t.resolution,n,s);if(l===void 0&&c===void 0)continue;let p=e.filter(a=>a.category===n&&a.priority===s);r.push({category:n,priority:s,...l!==void 0?{firstResponseTarget:l}:{},...c!==void 0?{resolutionTarget:c}:{},firstResponse:We(p.map(a=>a.firstResponseSla)),resolution:We(p.map(a=>a.resolutionSla))})}return r}function ve(e,t){let r=new Map;for(let n of e){let s=t(n),l=r.get(s);l?l.push(n):r.set(s,[n])}return r}function Ge(e,t){let r=new Set(t.periods.map(a=>a.id)),n=e.filter(a=>r.has(a.period)),s=ve(n,a=>a.period),l=ve(n,a=>a.source),c=ve(n,a=>a.category),p=t.periods.at(-1)?.id??"";return{generatedAt:t.now.toISOString().replace(/\.\d{3}Z$/,"Z"),periodKind:t.periodKind,periods:t.periods,current:p,clock:t.businessHours?"business hours":"wall",overall:oe(n),byPeriod:t.periods.map(a=>({period:a.id,summary:oe(s.get(a.id)??[])})),bySource:[...l.entries()].map(([a,u])=>({source:a,summary:oe(u)})).sort((a,u)=>u.summary.mentions-a.summary.mentions||a.source.localeCompare(u.source)),byCategory:R.map(a=>({category:a,summary:oe(c.get(a)??[])})),distribution:bt(n),sla:gt(n,t.targets),openHighPriority:n.filter(a=>a.state==="open"&&a.priority==="high").sort((a,u)=>u.ageSeconds-a.ageSeconds||a.number-u.number).map(a=>({number:a.number,title:a.title,url:a.url,category:a.category,source:a.source,period:a.period,ageSeconds:a.ageSeconds,responded:a.responded,breached:a.breached}))}}var we=Object.fromEntries(R.map(e=>[e,`#${Oe.find(t=>t.name===e)?.color??"888888"}`])),yt={complaint:"Complaints",compliment:"Compliments",question:"Questions",neutral:"Neutral"},V=["complaint","question","compliment","neutral"],vt=["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];function Re(e){let t=new Date(e.start),r=new Date(e.dueOn),n=l=>l.getUTCDate(),s=l=>vt[l.getUTCMonth()];return t.getUTCMonth()===r.getUTCMonth()?`${n(t)}\u2013${n(r)} ${s(r)} ${r.getUTCFullYear()}`:`${n(t)} ${s(t)} \u2013 ${n(r)} ${s(r)} ${r.getUTCFullYear()}`}function Ye(e){return e.replace(/^\d{4}-(W\d\d)$/,"$1")}function Je(e){return e.replace(/\|/g,"\\|").replace(/\n/g," ")}function U(e,t){return[`| ${e.map(Je).join(" | ")} |`,`|${e.map((r,n)=>n===0?"---":"---:").join("|")}|`,...t.map(r=>`| ${r.map(Je).join(" | ")} |`)].join(`
`)}function qe(e){return e.met+e.breached===0?e.pending>0?`SLA: ${e.pending} pending`:"no SLA target due":`SLA met for **${S(e.attainment)}** (${e.breached} breached${e.pending?`, ${e.pending} pending`:""})`}function xt(e,t){if(e===null||t===null)return"";let r=Math.round((e-t)*100);return r===0?" (no change)":` (${r>0?"\u25B2":"\u25BC"} ${Math.abs(r)} points)`}function St(e,t){let r=q(e),n=xe(e);return r===null?`brand health \u2014 (only ${n} compliment(s) or complaint(s); it takes ${J} to say)`:`brand health **${S(r)}**${xt(r,t?q(t):null)}`}function wt(e,t,r){return e.mentions===0?`No mentions ${r}.`:[`**${e.mentions} mention${e.mentions===1?"":"s"}** ${r}: **${e.responded} answered** (${S(e.responseRate)})`,`first response median **${x(e.firstResponse.median)}**, 90th percentile ${x(e.firstResponse.p90)}`,qe(e.sla),St(e,t),`${e.escalated} escalated`,`hand-off to private ${S(e.handOffRate)}`].join(" \xB7 ")}function ae(e,t={}){let r=t.focus??e.current,n=Math.max(0,e.byPeriod.findIndex(d=>d.period===r)),s=e.periods[n],l=e.byPeriod[n]?.summary,c=n>0?e.byPeriod[n-1]?.summary:void 0,p=e.periodKind==="week"?"Week":"Month",a=e.periods.map(d=>Ye(d.id)),u=t.maxRows??20,m=e.overall,o=[];o.push(`## Earshot report \u2014 ${s.id}`,""),l&&o.push(wt(l,c,`published in ${s.id} (${Re(s)})`),""),o.push(`Over the last ${e.periods.length} ${p.toLowerCase()}s: ${m.mentions} mentions, ${S(m.responseRate)} answered, first response median ${x(m.firstResponse.median)} (90th percentile ${x(m.firstResponse.p90)}), resolution median ${x(m.resolution.median)} (90th percentile ${x(m.resolution.p90)}), ${qe(m.sla).replace(/\*\*/g,"")}, brand health ${q(m)!==null?S(m.brandHealth):"\u2014 (too few)"}, escalation rate ${S(m.escalationRate)}, hand-off rate ${S(m.handOffRate)}, mention-to-fix lead time median ${x(m.leadTime.median)} (${m.leadTime.count} fixed).`,""),o.push("### Volume by category",""),o.push(Ue(`Mentions per ${p.toLowerCase()}: complaints red, questions blue, compliments green, neutral grey`,a,"mentions",V.map(d=>({name:d,color:we[d],values:e.byPeriod.map(h=>h.summary.byCategory[d])}))),""),o.push(U([p,...V.map(d=>yt[d]),"Total"],e.byPeriod.map(d=>[d.period,...V.map(h=>String(d.summary.byCategory[h])),String(d.summary.mentions)])),""),o.push("### First-response time",""),o.push(je(`First response, last ${e.periods.length} ${p.toLowerCase()}s (${m.mentions} mentions)`,e.distribution.map(d=>d.label),"mentions",e.distribution.map(d=>d.count),"#0075ca"),""),o.push(U(["First response","Mentions"],e.distribution.map(d=>[d.label,String(d.count)])),"");let y=e.byPeriod.filter(d=>d.summary.brandHealth!==null);o.push("### Brand health",""),y.length>0&&o.push(ze("Brand health: compliments \xF7 (compliments + complaints), %",y.map(d=>Ye(d.period)),"%",y.map(d=>Math.round((d.summary.brandHealth??0)*100)),"#0e8a16",[0,100]),""),o.push(U([p,"Compliments","Complaints","Brand health"],e.byPeriod.map(d=>[d.period,String(d.summary.byCategory.compliment),String(d.summary.byCategory.complaint),S(d.summary.brandHealth)])),""),o.push(`### Response by ${p.toLowerCase()}`,""),o.push(U([p,"Mentions","Answered","Response rate","First response median","p90","Resolution median","p90","SLA met","Breached","Escalated","Hand-off"],e.byPeriod.map(d=>{let h=d.summary;return[d.period,String(h.mentions),String(h.responded),S(h.responseRate),x(h.firstResponse.median),x(h.firstResponse.p90),x(h.resolution.median),x(h.resolution.p90),S(h.sla.attainment),String(h.sla.breached),String(h.escalated),S(h.handOffRate)]})),""),e.bySource.length>0&&(o.push("### By source",""),o.push(U(["Source","Mentions","Answered","First response median","Complaints","Compliments","Brand health"],e.bySource.slice(0,u).map(({source:d,summary:h})=>[he(d,60),String(h.mentions),String(h.responded),x(h.firstResponse.median),String(h.byCategory.complaint),String(h.byCategory.compliment),S(h.brandHealth)])),""));let g=d=>d.met+d.breached+d.pending+d.unknown,f=e.sla.filter(d=>g(d.firstResponse)+g(d.resolution)>0);if(f.length>0&&(o.push("### SLA",""),o.push(U(["Category","Priority","First response within","Met","Breached","Pending","Resolved within","Met","Breached","Pending"],f.map(d=>[d.category,d.priority,d.firstResponseTarget!==void 0?x(d.firstResponseTarget):"\u2014",String(d.firstResponse.met),String(d.firstResponse.breached),String(d.firstResponse.pending),d.resolutionTarget!==void 0?x(d.resolutionTarget):"\u2014",String(d.resolution.met),String(d.resolution.breached),String(d.resolution.pending)])),"")),o.push("### Open high-priority mentions",""),e.openHighPriority.length===0)o.push("None.","");else{for(let d of e.openHighPriority.slice(0,u)){let h=he(d.title.replace(/`/g,""),100),w=/^https?:\/\//.test(d.url)?`[#${d.number}](${d.url})`:`#${d.number}`;o.push(`- ${w} ${h} \u2014 open ${x(d.ageSeconds)}${d.breached?", **SLA breached**":""}${d.responded?"":", no response yet"}`)}e.openHighPriority.length>u&&o.push(`- \u2026 and ${e.openHighPriority.length-u} more`),o.push("")}let k=[`Times are ${t.clockNote?`in ${t.clockNote}`:"on the wall clock"}; medians and 90th percentiles (nearest rank). Definitions: docs/metrics.md.`,...t.notes??[]];return o.push(`<sub>${k.join(" ")}</sub>`),t.issue&&o.push("",Ee(s.id)),`${o.join(`
`)}
`}function Ve(e){return[`${e.mentions} mention${e.mentions===1?"":"s"}`,`${e.responded} answered (${S(e.responseRate)})`,`first response median ${x(e.firstResponse.median)}`,e.sla.met+e.sla.breached>0?`SLA ${S(e.sla.attainment)} (${e.sla.breached} breached)`:void 0,q(e)!==null?`brand health ${S(e.brandHealth)}`:void 0].filter(Boolean).join(" \xB7 ")}var Rt={none:0,met:1,breached:2,pending:3,unknown:4},kt={open:0,resolved:1,dismissed:2},$t=1,Mt=2;function Ct(e){return/^https?:\/\//i.test(e)||e.startsWith("/")?e:""}function Ze(e,t,r){let n=new Map(e.periods.map((o,y)=>[o.id,y])),s=[...new Set(t.filter(o=>n.has(o.period)).map(o=>o.source))].sort(),l=new Map(s.map((o,y)=>[o,y])),c=[],p=t.filter(o=>n.has(o.period)),a=p.filter(o=>o.state==="open"&&o.priority==="high").sort((o,y)=>y.ageSeconds-o.ageSeconds||o.number-y.number),u=new Map;for(let o of a)u.set(o.number,c.length),c.push({number:o.number,title:o.title,url:Ct(o.url),age:o.ageSeconds,responded:o.responded,breached:o.breached});let m=p.map(o=>[n.get(o.period),R.indexOf(o.category),l.get(o.source),E.indexOf(o.priority),kt[o.state],o.firstResponseSeconds??(o.responded?-2:-1),o.resolutionSeconds??-1,Rt[Se(o)],(o.escalated?$t:0)|(o.followedUp?Mt:0),o.leadTimeSeconds??-1,u.get(o.number)??-1]);return{generatedAt:e.generatedAt,clock:r,periodKind:e.periodKind,periods:e.periods.map(o=>({id:o.id,dates:Re(o)})),categories:[...R],stackOrder:[...V],colors:we,sources:s,priorities:[...E],brandHealthMinSample:J,buckets:se.map(o=>({label:o.label,upTo:Number.isFinite(o.upTo)?o.upTo:null})),rows:m,open:c}}var ke=`
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
`;var Qe;function Et(){Qe??=new Lt(re,{filename:"earshot-dashboard.js"});let e={};if(Qe.runInNewContext(e,{timeout:3e4}),!e.EarshotDashboard)throw new Error("the dashboard script did not define its API");return e.EarshotDashboard}var Xe=e=>Tt("sha256").update(e,"utf8").digest("base64");function T(e){return e.replace(/[&<>"']/g,t=>`&#${t.charCodeAt(0)};`)}function Ht(e){return JSON.stringify(e).replace(/</g,"\\u003c").replace(/>/g,"\\u003e").replace(/&/g,"\\u0026").replace(/\u2028/g,"\\u2028").replace(/\u2029/g,"\\u2029")}function $e(e,t){return[`<option value="-1">${T(e)}</option>`,...t.map((r,n)=>`<option value="${n}">${T(r)}</option>`)].join("")}function Nt(e){let t=Ze(e.metrics,e.facts,e.clockNote),r=Et().render(t,{period:-1,source:-1,category:-1}),n=e.title??"Earshot \u2014 response dashboard",s=t.periodKind==="week"?"week":"month",l=t.periods[0]?.id??"",c=t.periods.at(-1)?.id??"",p=["default-src 'none'",`script-src 'sha256-${Xe(re)}'`,`style-src 'sha256-${Xe(ke)}'`,"img-src data:","base-uri 'none'","form-action 'none'"].join("; "),a=t.generatedAt.replace("T"," ").replace(/:\d\dZ$/," UTC");return`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${p}">
<meta name="generator" content="Earshot">
<title>${T(n)}</title>
<style>${ke}</style>
</head>
<body>
<header>
<h1>${T(n)}</h1>
<p class="meta">Generated ${T(a)} \xB7 ${t.rows.length} mentions published ${T(l)} \u2013 ${T(c)} \xB7 times on the ${T(e.clockNote)}</p>
</header>
<main>
<form class="filters" aria-label="Filters">
<label>Period <select id="f-period">${$e(`All ${t.periods.length} ${s}s`,t.periods.map(u=>`${u.id} (${u.dates})`))}</select></label>
<label>Source <select id="f-source">${$e("All sources",t.sources)}</select></label>
<label>Category <select id="f-category">${$e("All categories",t.categories)}</select></label>
<button type="button" id="f-reset">Show everything</button>
</form>
<p id="out-caption" class="caption" aria-live="polite">${r.caption}</p>
<section aria-label="Key figures"><div id="out-kpis" class="kpis">${r.kpis}</div></section>
<section class="card"><h2>Open high-priority mentions</h2><div id="out-open">${r.open}</div></section>
<section class="card"><h2>Volume by category</h2><div id="out-volume" class="pair">${r.volume}</div></section>
<section class="card"><h2>First-response time</h2><div id="out-distribution" class="pair">${r.distribution}</div></section>
<section class="card"><h2>Brand health</h2><div id="out-health" class="pair">${r.health}</div></section>
<section class="card"><h2>Response by ${s}</h2><div id="out-periods" class="scroll">${r.periods}</div></section>
<section class="card"><h2>By source</h2><div id="out-sources" class="scroll">${r.sources}</div></section>
</main>
<footer>
<p>First response: the first status:replied or status:followed-up label, comment by a person that is not a /command, or close after filing. Medians and 90th percentiles (nearest rank). Brand health: compliments \xF7 (compliments + complaints). Hand-off: followed up privately \xF7 answered. Trend charts follow the source and category filters and mark the selected ${s}. Definitions: docs/metrics.md in Earshot.</p>
</footer>
<script type="application/json" id="earshot-data">${Ht(t)}</script>
<script>${re}</script>
</body>
</html>
`}async function et(e,t){await Dt(e,{recursive:!0});let r=It(Pt(e,"index.html")),n=`${r}.${process.pid}.tmp`;return await Ot(n,Nt(t),"utf8"),await At(n,r),r}var tt=e=>Ft("sha1").update(e).digest("hex").slice(0,16);function Bt(e){let t=e.marker?.published;return new Date(t&&!Number.isNaN(Date.parse(t))?t:e.createdAt)}function _t(e,t){return e.w?Math.abs(Date.parse(t.updatedAt)-Date.parse(e.w))<=2e3&&e.f===ce(t):!1}async function _r(e,t={}){let{config:r,store:n,logger:s}=e,l=e.now(),c=t.dryRun??!1,p=[],a=[],u=i=>{p.push(i),s.warn(i)},m=He(r.milestones.period),o=Fe(l,m,r.report.periods),y=new Set(o.map(i=>i.id)),g=await n.loadState(),f=Pe(g),k=JSON.stringify(le(f)),h=(await n.listIssues(new Date(o[0].start))).filter(i=>y.has(Y(Bt(i),m).id));s.info(`report ${o[0].id} \u2026 ${o.at(-1).id}: ${h.length} mention issue(s)`);let w=new Map,$=[],D=0;for(let i of h){let b=f.issues[i.number];n.hasHistory&&!n.cacheHistory?$.push(i):b&&(b.u===i.updatedAt||_t(b,i))?(w.set(i.number,ue(i,b)),D++):i.updatedAt===i.createdAt?w.set(i.number,{fixes:[]}):n.hasHistory&&$.push(i)}let F=n.cacheHistory?r.report.maxHistoryReads:Number.POSITIVE_INFINITY;$.sort((i,b)=>(i.state==="open"?0:1)-(b.state==="open"?0:1)||Date.parse(b.updatedAt)-Date.parse(i.updatedAt));let C=await n.readHistories($.map(i=>i.number),F);for(let i of C.notes)a.push(i);C.error!==void 0&&u(`reading issue timelines stopped: ${I(C.error)}`);for(let i of $){let b=C.histories.get(i.number);if(!b)continue;let ee=Le(i.createdAt,b);w.set(i.number,ee),n.cacheHistory&&(f.issues[i.number]=pe(i,ee))}let B=C.histories.size,A=$.length-B;for(let i of $){if(w.has(i.number))continue;let b=f.issues[i.number];w.set(i.number,b?ue(i,b):ge(i))}A>0&&s.info(`${A} changed issue(s) keep their previous facts until a later report reads them`);let M=new Set;for(let i of w.values())for(let b of i.fixes)M.add(b);let j=0;for(let i of M)if(!(f.fixes[i]?.s==="closed"||j>=50)){j++;try{let b=await n.fixState(i);f.fixes[i]={s:b.state,...b.closedAt?{c:b.closedAt}:{}}}catch(b){u(`could not read the linked fix ${i}: ${I(b)}`)}}for(let i of Object.keys(f.fixes))M.has(i)||delete f.fixes[i];let rt=De(r.report.businessHours),nt={periodKind:m,clock:rt,firstResponseTargets:r.sla.firstResponse,resolutionTargets:r.sla.resolution,now:l,fixClosedAt:i=>f.fixes[i]?.s==="closed"?f.fixes[i]?.c:void 0},Z=h.map(i=>_e(i,w.get(i.number),nt)),Me=new Map(h.map(i=>[i.number,i])),Q=[],X=Z.filter(i=>i.breached&&!i.breachLabeled).sort((i,b)=>(i.state==="open"?0:1)-(b.state==="open"?0:1)||i.number-b.number),z=r.sla.label?X.length:0;if(r.sla.label&&!c&&X.length>0){let i=X.slice(0,r.report.maxLabelWrites).map(v=>Me.get(v.number)),b=await n.labelIssues(i.map(v=>({number:v.number,...v.nodeId?{nodeId:v.nodeId}:{}})),L);for(let v of b.notes)a.push(v);let ee=new Map(X.map(v=>[v.number,v]));for(let{number:v,at}of b.labeled){Q.push(v),z--,ee.get(v).breachLabeled=!0;let P=Me.get(v);P.labels=[...P.labels,L];let de=f.issues[v],it=de&&de.u===P.updatedAt;if(n.cacheHistory&&(it||P.updatedAt===P.createdAt)){let dt=de??pe(P,w.get(v)??{fixes:[]});f.issues[v]={...dt,f:ce(P),w:at??l.toISOString()}}}b.error!==void 0&&u(`could not label every breached issue ${L}: ${I(b.error)}`)}let W=Ge(Z,{periods:o,periodKind:m,now:l,businessHours:r.report.businessHours!==void 0,targets:{firstResponse:r.sla.firstResponse,resolution:r.sla.resolution}}),G=r.report.businessHours,ie=G?`business hours (${G.days.join(", ")} ${G.start}\u2013${G.end} ${G.timezone})`:void 0,Ce=ie?{clockNote:ie}:{},O={metrics:W,facts:Z,markdown:"",labeled:Q,historyReads:B,historyCached:D,historyPending:A,labelsPending:z,milestonesUpdated:[],warnings:p};if(r.report.issue&&!c)try{O.reportIssue=await Kt(n,f,W,Ce,r.report.pin,s)}catch(i){u(`could not update the report issue: ${I(i)}`)}if(r.report.milestones&&r.milestones.period!=="none"&&!c)try{O.milestonesUpdated=await Ut(n,f,W)}catch(i){u(`could not update milestones: ${I(i)}`)}t.htmlDir&&(O.dashboard=await et(t.htmlDir,{metrics:W,facts:Z,clockNote:ie??"wall clock"}));let ot=new Set(h.map(i=>String(i.number)));for(let i of Object.keys(f.issues))ot.has(i)||delete f.issues[i];for(let i of Object.keys(f.milestones))y.has(i)||delete f.milestones[i];let Te=le(f);if(!c&&JSON.stringify(Te)!==k)try{await n.saveState({...g,report:Te,updatedAt:l.toISOString()})}catch(i){u(`could not save the report cache (the next report reads more timelines): ${I(i)}`)}let st=[...a,`Histories: ${B} read, ${D} from cache${A?`, ${A} pending (read budget)`:""}.`,Q.length||z?`Labelled ${Q.length} issue(s) ${L}${z?`, ${z} left for the next run`:""}.`:"",O.reportIssue?`Report issue: ${O.reportIssue.url}.`:""].filter(Boolean);return O.markdown=ae(W,{...Ce,notes:st}),O}async function Kt(e,t,r,n,s,l){let c=r.current,p=`Earshot report ${c}`,a=ae(r,{...n,issue:!0}),u=tt(`${p}
${a}`);for(let[f,k]of Object.entries(t.reportIssues))if(!(f===c||k.closed)){if(r.periods.some(d=>d.id===f)){let d=ae(r,{...n,focus:f,issue:!0});await e.updateReportIssue(k.n,{title:`Earshot report ${f}`,body:d,state:"closed"})}k.closed=!0}for(let f of Object.keys(t.reportIssues))f!==c&&!r.periods.some(k=>k.id===f)&&delete t.reportIssues[f];let m=t.reportIssues[c];if(m&&m.h===u)return{number:m.n,url:m.u??"",created:!1,updated:!1};let o,y=!1;if(m&&(o=await e.updateReportIssue(m.n,{title:p,body:a})),!o){let f=await e.findReportIssue(c);o=f?await e.updateReportIssue(f.number,{title:p,body:a}):void 0}let g;return o||(o=await e.createReportIssue(p,a),y=!0,s&&(g=await e.pin(o),g&&l.info(`pinned the report issue #${o.number}`))),t.reportIssues[c]={n:o.number,h:u,u:o.url},{...o,created:y,updated:!y,...g!==void 0?{pinned:g}:{}}}async function Ut(e,t,r){let n=[];for(let[c,p]of r.periods.entries()){let a=r.byPeriod[c]?.summary;if(!a||a.mentions===0)continue;let m=`${te(new Date(p.start),r.periodKind)?.description??""}

${Ve(a)} (Earshot report).`,o=tt(`${m}
${p.dueOn}`);t.milestones[p.id]?.h!==o&&n.push({period:p,description:m,h:o})}if(n.length===0)return[];let s=new Map((await e.listMilestones()).map(c=>[c.title,c])),l=[];for(let c of n){let p=s.get(c.period.id);if(!p)continue;let u={...!p.dueOn||Math.abs(Date.parse(p.dueOn)-Date.parse(c.period.dueOn))>864e5?{dueOn:c.period.dueOn}:{},...p.description!==c.description?{description:c.description}:{}};Object.keys(u).length>0&&(await e.updateMilestone(p.number,u),l.push(c.period.id)),t.milestones[c.period.id]={n:p.number,h:c.h}}return l}export{_r as a};
