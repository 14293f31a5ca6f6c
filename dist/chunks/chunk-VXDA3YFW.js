import { createRequire as __earshotCreateRequire } from 'node:module'; const require = __earshotCreateRequire(import.meta.url);
import{a as Q}from"./chunk-BVNWPXBN.js";import{c as Ce,e as Te,f as v}from"./chunk-WOZA7PRI.js";import{b as ae,c as Ae,d as ie,e as de,f as le,j as ce,k as pe,l as Oe,m as A,o as Pe}from"./chunk-OIVXDCKB.js";import{b as De,l as Le,o as ue}from"./chunk-YUQRJHCK.js";import{a as R}from"./chunk-HWR4MXAK.js";import{e as D}from"./chunk-IMZIMWIN.js";import{createHash as Nt}from"node:crypto";import{createHash as Ct}from"node:crypto";import{mkdir as Tt,rename as Dt,writeFile as At}from"node:fs/promises";import{join as Ot,resolve as Pt}from"node:path";import{Script as Lt}from"node:vm";var X=String.raw`(function (root) {
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
`;function Ee(e){return e==="month"?"month":"week"}function dt(e){return new Date(e).toISOString().replace(/\.\d{3}Z$/,"Z")}function Ie(e,t){let r=e.getUTCFullYear(),n=e.getUTCMonth();if(t==="month")return Date.UTC(r,n,1);let s=e.getUTCDay()||7;return Date.UTC(r,n,e.getUTCDate()-(s-1))}function G(e,t){let r=Q(e,t);if(!r)throw new Error(`no period for ${t}`);return{id:r.title,start:dt(Ie(e,t)),dueOn:r.dueOn}}function He(e,t,r){let n=[],s=new Date(Ie(e,t));for(let l=0;l<r;l++)n.unshift(G(s,t)),s=t==="month"?new Date(Date.UTC(s.getUTCFullYear(),s.getUTCMonth()-1,1)):new Date(s.getTime()-7*864e5);return n}function H(e,t,r){let n=c=>{if(c!==void 0)return typeof c=="string"?c:c[r]??c.default},s=e[t],l=n(s)??n(e.default);return l===void 0?void 0:Te(l)}function me(e,t){return e===void 0?"none":t.done?t.doneSeconds===void 0?"unknown":t.doneSeconds<=e?"met":"breached":t.elapsedSeconds>e?"breached":"pending"}var O=["high","normal","low"],Ne=e=>new Set(e.map(t=>t.toLowerCase()));function lt(e,t){let r=t?.category;if(r&&R.includes(r)&&e.has(r))return r;let n=R.find(s=>e.has(s));return n||(r&&R.includes(r)?r:"neutral")}function ct(e,t){let r=O.find(s=>e.has(`priority:${s}`));if(r)return r;let n=t?.priority;return n&&O.includes(n)?n:"normal"}function pt(e,t){if(t?.source)return t.source;let r=e.find(n=>n.toLowerCase().startsWith("source:"));return r?r.slice(7):t?.kind??"unknown"}function fe(e){let t=Ne(e.labels),r=t.has(ce)||t.has(pe);return e.state==="closed"&&e.closedAt&&!r&&!e.comments?{firstResponseAt:e.closedAt,firstResponseBy:"closed",fixes:[]}:{fixes:[]}}function Fe(e,t,r){let n=Ne(e.labels),s=t??fe(e),l=e.marker,c=l?.published&&!Number.isNaN(Date.parse(l.published))?l.published:e.createdAt,p=lt(n,l),i=ct(n,l),m=Date.parse(e.createdAt),f=r.now.getTime(),o=e.state==="closed",g=o?e.closedAt:void 0,u=s.repliedAt!==void 0||n.has(ce),y=s.followedUpAt!==void 0||n.has(pe),k=s.escalatedAt!==void 0||n.has(Oe),d=s.firstResponseAt!==void 0||u||y||o,h=s.firstResponseAt!==void 0?r.clock(m,Date.parse(s.firstResponseAt)):void 0,S=g?r.clock(m,Date.parse(g)):void 0,E=r.clock(m,f),B=s.fixes.map(w=>r.fixClosedAt(w)),M=B.length>0&&B.every(w=>w!==void 0)?B.reduce((w,I)=>Date.parse(I)>Date.parse(w)?I:w):void 0,_=me(H(r.firstResponseTargets,p,i),{done:d,doneSeconds:h,elapsedSeconds:E}),K=me(H(r.resolutionTargets,p,i),{done:o,doneSeconds:S,elapsedSeconds:E}),U=e.stateReason??"completed";return{number:e.number,title:e.title,url:e.url,period:G(new Date(c),r.periodKind).id,category:p,priority:i,source:pt(e.labels,l),state:o?U==="completed"?"resolved":"dismissed":"open",publishedAt:c,createdAt:e.createdAt,...g?{closedAt:g}:{},responded:d,...s.firstResponseAt!==void 0?{firstResponseAt:s.firstResponseAt}:{},...s.firstResponseBy!==void 0?{firstResponseBy:s.firstResponseBy}:{},...h!==void 0?{firstResponseSeconds:h}:{},...S!==void 0?{resolutionSeconds:S}:{},replied:u,followedUp:y,escalated:k,fixes:s.fixes,...M?{fixClosedAt:M}:{},...M?{leadTimeSeconds:Math.max(0,Math.round((Date.parse(M)-Date.parse(c))/1e3))}:{},firstResponseSla:_,resolutionSla:K,breached:_==="breached"||K==="breached",breachLabeled:n.has(A),ageSeconds:Math.max(0,Math.round((f-m)/1e3)),fromHistory:t!==void 0}}function P(e){return`"${e.replace(/["\\]/g,"'").replace(/[\r\n]+/g," ")}"`}function Be(e){if(!(e>0))return 1;let t=10**Math.floor(Math.log10(e));for(let r of[1,2,2.5,5,10]){let n=r*t;if(n>=e)return Math.round(n*1e3)/1e3}return e}function he(e,t){return["```mermaid","---","config:","  themeVariables:","    xyChart:",`      plotColorPalette: "${e.join(", ")}"`,"---","xychart-beta",...t.map(r=>`  ${r}`),"```"].join(`
`)}var N=e=>`[${e.map(t=>typeof t=="string"?P(t):String(Math.round(t*100)/100)).join(", ")}]`;function _e(e,t,r,n){let s=[],l=t.map(()=>0);for(let i of n)l=l.map((m,f)=>m+(i.values[f]??0)),s.push(l);let c=Be(Math.max(0,...s.at(-1)??[0])),p=[...n.keys()].reverse();return he(p.map(i=>n[i].color),[`title ${P(e)}`,`x-axis ${N(t)}`,`y-axis ${P(r)} 0 --> ${c}`,...p.map(i=>`bar ${N(s[i])}`)])}function Ke(e,t,r,n,s){return he([s],[`title ${P(e)}`,`x-axis ${N(t)}`,`y-axis ${P(r)} 0 --> ${Be(Math.max(0,...n))}`,`bar ${N(n)}`])}function Ue(e,t,r,n,s,l){return he([s],[`title ${P(e)}`,`x-axis ${N(t)}`,`y-axis ${P(r)} ${l[0]} --> ${l[1]}`,`line ${N(n)}`])}function ee(e){let t=e.length;if(t===0)return{count:0,median:null,p90:null,mean:null};let r=[...e].sort((p,i)=>p-i),n=Math.floor(t/2),s=t%2===1?r[n]:(r[n-1]+r[n])/2,l=r[Math.max(0,Math.ceil(.9*t)-1)],c=0;for(let p of r)c+=p;return{count:t,median:s,p90:l,mean:c/t}}function L(e,t){return t===0?null:e/t}function x(e){return e==null?"\u2014":`${Math.round(e*100)}%`}var J=5,ge=e=>e.byCategory.compliment+e.byCategory.complaint;function Y(e){return ge(e)>=J?e.brandHealth:null}function ye(e){let t=[e.firstResponseSla,e.resolutionSla];for(let r of["breached","pending","unknown","met"])if(t.includes(r))return r;return"none"}function ut(){return{complaint:0,compliment:0,question:0,neutral:0}}function te(e){let t=ut(),r=[],n=[],s=[],l={met:0,breached:0,pending:0,unknown:0},c=0,p=0,i=0,m=0,f=0,o=0;for(let u of e){t[u.category]++,u.state==="open"?c++:u.state==="resolved"?p++:i++,u.responded&&m++,u.firstResponseSeconds!==void 0&&r.push(u.firstResponseSeconds),u.resolutionSeconds!==void 0&&n.push(u.resolutionSeconds),u.leadTimeSeconds!==void 0&&s.push(u.leadTimeSeconds),u.escalated&&f++,u.followedUp&&o++;let y=ye(u);y!=="none"&&l[y]++}let g=e.length;return{mentions:g,open:c,resolved:p,dismissed:i,byCategory:t,responded:m,responseRate:L(m,g),firstResponse:ee(r),resolution:ee(n),sla:{...l,attainment:L(l.met,l.met+l.breached)},brandHealth:L(t.compliment,t.compliment+t.complaint),escalated:f,escalationRate:L(f,g),followedUp:o,handOffRate:L(o,m),leadTime:ee(s)}}var re=[{label:"\u2264 1h",upTo:3600},{label:"1\u20134h",upTo:4*3600},{label:"4\u201324h",upTo:86400},{label:"1\u20133d",upTo:3*86400},{label:"3\u20137d",upTo:7*86400},{label:"> 7d",upTo:Number.POSITIVE_INFINITY}],mt="no response yet",ft="answered, time unknown";function ht(e){let t=re.map(s=>({label:s.label,count:0})),r=0,n=0;for(let s of e)if(s.firstResponseSeconds!==void 0){let l=re.findIndex(c=>s.firstResponseSeconds<=c.upTo);t[l].count++}else s.responded?n++:r++;return t.push({label:mt,count:r}),n>0&&t.push({label:ft,count:n}),t}function je(e){let t={met:0,breached:0,pending:0,unknown:0};for(let r of e)r!=="none"&&t[r]++;return{...t,attainment:L(t.met,t.met+t.breached)}}function bt(e,t){let r=[];for(let n of R)for(let s of O){let l=H(t.firstResponse,n,s),c=H(t.resolution,n,s);if(l===void 0&&c===void 0)continue;let p=e.filter(i=>i.category===n&&i.priority===s);r.push({category:n,priority:s,...l!==void 0?{firstResponseTarget:l}:{},...c!==void 0?{resolutionTarget:c}:{},firstResponse:je(p.map(i=>i.firstResponseSla)),resolution:je(p.map(i=>i.resolutionSla))})}return r}function be(e,t){let r=new Map;for(let n of e){let s=t(n),l=r.get(s);l?l.push(n):r.set(s,[n])}return r}function ze(e,t){let r=new Set(t.periods.map(i=>i.id)),n=e.filter(i=>r.has(i.period)),s=be(n,i=>i.period),l=be(n,i=>i.source),c=be(n,i=>i.category),p=t.periods.at(-1)?.id??"";return{generatedAt:t.now.toISOString().replace(/\.\d{3}Z$/,"Z"),periodKind:t.periodKind,periods:t.periods,current:p,clock:t.businessHours?"business hours":"wall",overall:te(n),byPeriod:t.periods.map(i=>({period:i.id,summary:te(s.get(i.id)??[])})),bySource:[...l.entries()].map(([i,m])=>({source:i,summary:te(m)})).sort((i,m)=>m.summary.mentions-i.summary.mentions||i.source.localeCompare(m.source)),byCategory:R.map(i=>({category:i,summary:te(c.get(i)??[])})),distribution:ht(n),sla:bt(n,t.targets),openHighPriority:n.filter(i=>i.state==="open"&&i.priority==="high").sort((i,m)=>m.ageSeconds-i.ageSeconds||i.number-m.number).map(i=>({number:i.number,title:i.title,url:i.url,category:i.category,source:i.source,period:i.period,ageSeconds:i.ageSeconds,responded:i.responded,breached:i.breached}))}}var ve=Object.fromEntries(R.map(e=>[e,`#${De.find(t=>t.name===e)?.color??"888888"}`])),gt={complaint:"Complaints",compliment:"Compliments",question:"Questions",neutral:"Neutral"},q=["complaint","question","compliment","neutral"],yt=["Jan","Feb","Mar","Apr","May","Jun","Jul","Aug","Sep","Oct","Nov","Dec"];function xe(e){let t=new Date(e.start),r=new Date(e.dueOn),n=l=>l.getUTCDate(),s=l=>yt[l.getUTCMonth()];return t.getUTCMonth()===r.getUTCMonth()?`${n(t)}\u2013${n(r)} ${s(r)} ${r.getUTCFullYear()}`:`${n(t)} ${s(t)} \u2013 ${n(r)} ${s(r)} ${r.getUTCFullYear()}`}function We(e){return e.replace(/^\d{4}-(W\d\d)$/,"$1")}function Ge(e){return e.replace(/\|/g,"\\|").replace(/\n/g," ")}function F(e,t){return[`| ${e.map(Ge).join(" | ")} |`,`|${e.map((r,n)=>n===0?"---":"---:").join("|")}|`,...t.map(r=>`| ${r.map(Ge).join(" | ")} |`)].join(`
`)}function Je(e){return e.met+e.breached===0?e.pending>0?`SLA: ${e.pending} pending`:"no SLA target due":`SLA met for **${x(e.attainment)}** (${e.breached} breached${e.pending?`, ${e.pending} pending`:""})`}function vt(e,t){if(e===null||t===null)return"";let r=Math.round((e-t)*100);return r===0?" (no change)":` (${r>0?"\u25B2":"\u25BC"} ${Math.abs(r)} points)`}function xt(e,t){let r=Y(e),n=ge(e);return r===null?`brand health \u2014 (only ${n} compliment(s) or complaint(s); it takes ${J} to say)`:`brand health **${x(r)}**${vt(r,t?Y(t):null)}`}function St(e,t,r){return e.mentions===0?`No mentions ${r}.`:[`**${e.mentions} mention${e.mentions===1?"":"s"}** ${r}: **${e.responded} answered** (${x(e.responseRate)})`,`first response median **${v(e.firstResponse.median)}**, 90th percentile ${v(e.firstResponse.p90)}`,Je(e.sla),xt(e,t),`${e.escalated} escalated`,`hand-off to private ${x(e.handOffRate)}`].join(" \xB7 ")}function ne(e,t={}){let r=t.focus??e.current,n=Math.max(0,e.byPeriod.findIndex(d=>d.period===r)),s=e.periods[n],l=e.byPeriod[n]?.summary,c=n>0?e.byPeriod[n-1]?.summary:void 0,p=e.periodKind==="week"?"Week":"Month",i=e.periods.map(d=>We(d.id)),m=t.maxRows??20,f=e.overall,o=[];o.push(`## Earshot report \u2014 ${s.id}`,""),l&&o.push(St(l,c,`published in ${s.id} (${xe(s)})`),""),o.push(`Over the last ${e.periods.length} ${p.toLowerCase()}s: ${f.mentions} mentions, ${x(f.responseRate)} answered, first response median ${v(f.firstResponse.median)} (90th percentile ${v(f.firstResponse.p90)}), resolution median ${v(f.resolution.median)} (90th percentile ${v(f.resolution.p90)}), ${Je(f.sla).replace(/\*\*/g,"")}, brand health ${Y(f)!==null?x(f.brandHealth):"\u2014 (too few)"}, escalation rate ${x(f.escalationRate)}, hand-off rate ${x(f.handOffRate)}, mention-to-fix lead time median ${v(f.leadTime.median)} (${f.leadTime.count} fixed).`,""),o.push("### Volume by category",""),o.push(_e(`Mentions per ${p.toLowerCase()}: complaints red, questions blue, compliments green, neutral grey`,i,"mentions",q.map(d=>({name:d,color:ve[d],values:e.byPeriod.map(h=>h.summary.byCategory[d])}))),""),o.push(F([p,...q.map(d=>gt[d]),"Total"],e.byPeriod.map(d=>[d.period,...q.map(h=>String(d.summary.byCategory[h])),String(d.summary.mentions)])),""),o.push("### First-response time",""),o.push(Ke(`First response, last ${e.periods.length} ${p.toLowerCase()}s (${f.mentions} mentions)`,e.distribution.map(d=>d.label),"mentions",e.distribution.map(d=>d.count),"#0075ca"),""),o.push(F(["First response","Mentions"],e.distribution.map(d=>[d.label,String(d.count)])),"");let g=e.byPeriod.filter(d=>d.summary.brandHealth!==null);o.push("### Brand health",""),g.length>0&&o.push(Ue("Brand health: compliments \xF7 (compliments + complaints), %",g.map(d=>We(d.period)),"%",g.map(d=>Math.round((d.summary.brandHealth??0)*100)),"#0e8a16",[0,100]),""),o.push(F([p,"Compliments","Complaints","Brand health"],e.byPeriod.map(d=>[d.period,String(d.summary.byCategory.compliment),String(d.summary.byCategory.complaint),x(d.summary.brandHealth)])),""),o.push(`### Response by ${p.toLowerCase()}`,""),o.push(F([p,"Mentions","Answered","Response rate","First response median","p90","Resolution median","p90","SLA met","Breached","Escalated","Hand-off"],e.byPeriod.map(d=>{let h=d.summary;return[d.period,String(h.mentions),String(h.responded),x(h.responseRate),v(h.firstResponse.median),v(h.firstResponse.p90),v(h.resolution.median),v(h.resolution.p90),x(h.sla.attainment),String(h.sla.breached),String(h.escalated),x(h.handOffRate)]})),""),e.bySource.length>0&&(o.push("### By source",""),o.push(F(["Source","Mentions","Answered","First response median","Complaints","Compliments","Brand health"],e.bySource.slice(0,m).map(({source:d,summary:h})=>[ue(d,60),String(h.mentions),String(h.responded),v(h.firstResponse.median),String(h.byCategory.complaint),String(h.byCategory.compliment),x(h.brandHealth)])),""));let u=d=>d.met+d.breached+d.pending+d.unknown,y=e.sla.filter(d=>u(d.firstResponse)+u(d.resolution)>0);if(y.length>0&&(o.push("### SLA",""),o.push(F(["Category","Priority","First response within","Met","Breached","Pending","Resolved within","Met","Breached","Pending"],y.map(d=>[d.category,d.priority,d.firstResponseTarget!==void 0?v(d.firstResponseTarget):"\u2014",String(d.firstResponse.met),String(d.firstResponse.breached),String(d.firstResponse.pending),d.resolutionTarget!==void 0?v(d.resolutionTarget):"\u2014",String(d.resolution.met),String(d.resolution.breached),String(d.resolution.pending)])),"")),o.push("### Open high-priority mentions",""),e.openHighPriority.length===0)o.push("None.","");else{for(let d of e.openHighPriority.slice(0,m)){let h=ue(d.title.replace(/`/g,""),100),S=/^https?:\/\//.test(d.url)?`[#${d.number}](${d.url})`:`#${d.number}`;o.push(`- ${S} ${h} \u2014 open ${v(d.ageSeconds)}${d.breached?", **SLA breached**":""}${d.responded?"":", no response yet"}`)}e.openHighPriority.length>m&&o.push(`- \u2026 and ${e.openHighPriority.length-m} more`),o.push("")}let k=[`Times are ${t.clockNote?`in ${t.clockNote}`:"on the wall clock"}; medians and 90th percentiles (nearest rank). Definitions: docs/metrics.md.`,...t.notes??[]];return o.push(`<sub>${k.join(" ")}</sub>`),t.issue&&o.push("",Le(s.id)),`${o.join(`
`)}
`}function Ye(e){return[`${e.mentions} mention${e.mentions===1?"":"s"}`,`${e.responded} answered (${x(e.responseRate)})`,`first response median ${v(e.firstResponse.median)}`,e.sla.met+e.sla.breached>0?`SLA ${x(e.sla.attainment)} (${e.sla.breached} breached)`:void 0,Y(e)!==null?`brand health ${x(e.brandHealth)}`:void 0].filter(Boolean).join(" \xB7 ")}var wt={none:0,met:1,breached:2,pending:3,unknown:4},Rt={open:0,resolved:1,dismissed:2},kt=1,$t=2;function Mt(e){return/^https?:\/\//i.test(e)||e.startsWith("/")?e:""}function qe(e,t,r){let n=new Map(e.periods.map((o,g)=>[o.id,g])),s=[...new Set(t.filter(o=>n.has(o.period)).map(o=>o.source))].sort(),l=new Map(s.map((o,g)=>[o,g])),c=[],p=t.filter(o=>n.has(o.period)),i=p.filter(o=>o.state==="open"&&o.priority==="high").sort((o,g)=>g.ageSeconds-o.ageSeconds||o.number-g.number),m=new Map;for(let o of i)m.set(o.number,c.length),c.push({number:o.number,title:o.title,url:Mt(o.url),age:o.ageSeconds,responded:o.responded,breached:o.breached});let f=p.map(o=>[n.get(o.period),R.indexOf(o.category),l.get(o.source),O.indexOf(o.priority),Rt[o.state],o.firstResponseSeconds??(o.responded?-2:-1),o.resolutionSeconds??-1,wt[ye(o)],(o.escalated?kt:0)|(o.followedUp?$t:0),o.leadTimeSeconds??-1,m.get(o.number)??-1]);return{generatedAt:e.generatedAt,clock:r,periodKind:e.periodKind,periods:e.periods.map(o=>({id:o.id,dates:xe(o)})),categories:[...R],stackOrder:[...q],colors:ve,sources:s,priorities:[...O],brandHealthMinSample:J,buckets:re.map(o=>({label:o.label,upTo:Number.isFinite(o.upTo)?o.upTo:null})),rows:f,open:c}}var Se=`
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
`;var Ze;function Et(){Ze??=new Lt(X,{filename:"earshot-dashboard.js"});let e={};if(Ze.runInNewContext(e,{timeout:3e4}),!e.EarshotDashboard)throw new Error("the dashboard script did not define its API");return e.EarshotDashboard}var Ve=e=>Ct("sha256").update(e,"utf8").digest("base64");function $(e){return e.replace(/[&<>"']/g,t=>`&#${t.charCodeAt(0)};`)}function It(e){return JSON.stringify(e).replace(/</g,"\\u003c").replace(/>/g,"\\u003e").replace(/&/g,"\\u0026").replace(/\u2028/g,"\\u2028").replace(/\u2029/g,"\\u2029")}function we(e,t){return[`<option value="-1">${$(e)}</option>`,...t.map((r,n)=>`<option value="${n}">${$(r)}</option>`)].join("")}function Ht(e){let t=qe(e.metrics,e.facts,e.clockNote),r=Et().render(t,{period:-1,source:-1,category:-1}),n=e.title??"Earshot \u2014 response dashboard",s=t.periodKind==="week"?"week":"month",l=t.periods[0]?.id??"",c=t.periods.at(-1)?.id??"",p=["default-src 'none'",`script-src 'sha256-${Ve(X)}'`,`style-src 'sha256-${Ve(Se)}'`,"img-src data:","base-uri 'none'","form-action 'none'"].join("; "),i=t.generatedAt.replace("T"," ").replace(/:\d\dZ$/," UTC");return`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${p}">
<meta name="generator" content="Earshot">
<title>${$(n)}</title>
<style>${Se}</style>
</head>
<body>
<header>
<h1>${$(n)}</h1>
<p class="meta">Generated ${$(i)} \xB7 ${t.rows.length} mentions published ${$(l)} \u2013 ${$(c)} \xB7 times on the ${$(e.clockNote)}</p>
</header>
<main>
<form class="filters" aria-label="Filters">
<label>Period <select id="f-period">${we(`All ${t.periods.length} ${s}s`,t.periods.map(m=>`${m.id} (${m.dates})`))}</select></label>
<label>Source <select id="f-source">${we("All sources",t.sources)}</select></label>
<label>Category <select id="f-category">${we("All categories",t.categories)}</select></label>
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
<script type="application/json" id="earshot-data">${It(t)}</script>
<script>${X}</script>
</body>
</html>
`}async function Qe(e,t){await Tt(e,{recursive:!0});let r=Pt(Ot(e,"index.html")),n=`${r}.${process.pid}.tmp`;return await At(n,Ht(t),"utf8"),await Dt(n,r),r}async function Xe(e,t,r){let n=new Array(e.length),s=0,l=async()=>{for(;s<e.length;){let c=s++;n[c]=await r(e[c])}};return await Promise.all(Array.from({length:Math.min(t,e.length)},l)),n}var et=e=>Nt("sha1").update(e).digest("hex").slice(0,16);function Ft(e){let t=e.marker?.published;return new Date(t&&!Number.isNaN(Date.parse(t))?t:e.createdAt)}function Bt(e,t){return e.w?Math.abs(Date.parse(t.updatedAt)-Date.parse(e.w))<=2e3&&e.f===ie(t):!1}async function Kr(e,t={}){let{config:r,store:n,logger:s}=e,l=e.now(),c=t.dryRun??!1,p=[],i=a=>{p.push(a),s.warn(a)},m=Ee(r.milestones.period),f=He(l,m,r.report.periods),o=new Set(f.map(a=>a.id)),g=await n.loadState(),u=Ae(g),y=JSON.stringify(ae(u)),d=(await n.listIssues(new Date(f[0].start))).filter(a=>o.has(G(Ft(a),m).id));s.info(`report ${f[0].id} \u2026 ${f.at(-1).id}: ${d.length} mention issue(s)`);let h=new Map,S=[],E=0;for(let a of d){let b=u.issues[a.number];n.hasHistory&&!n.cacheHistory?S.push(a):b&&(b.u===a.updatedAt||Bt(b,a))?(h.set(a.number,le(a,b)),E++):a.updatedAt===a.createdAt?h.set(a.number,{fixes:[]}):n.hasHistory&&S.push(a)}let B=n.cacheHistory?r.report.maxHistoryReads:S.length;S.sort((a,b)=>(a.state==="open"?0:1)-(b.state==="open"?0:1)||Date.parse(b.updatedAt)-Date.parse(a.updatedAt));let M=0,_=!1,K=S.slice(0,B);await Xe(K,t.concurrency??4,async a=>{if(!_)try{let b=Pe(a.createdAt,await n.readHistory(a.number));h.set(a.number,b),n.cacheHistory&&(u.issues[a.number]=de(a,b))}catch(b){M++,M===1&&i(`reading issue timelines stopped: ${D(b)}`),_=!0}});let U=K.filter(a=>h.has(a.number)).length,w=S.length-U;for(let a of S){if(h.has(a.number))continue;let b=u.issues[a.number];h.set(a.number,b?le(a,b):fe(a))}w>0&&s.info(`${w} changed issue(s) keep their previous facts until a later report reads them`);let I=new Set;for(let a of h.values())for(let b of a.fixes)I.add(b);let Re=0;for(let a of I)if(!(u.fixes[a]?.s==="closed"||Re>=50)){Re++;try{let b=await n.fixState(a);u.fixes[a]={s:b.state,...b.closedAt?{c:b.closedAt}:{}}}catch(b){i(`could not read the linked fix ${a}: ${D(b)}`)}}for(let a of Object.keys(u.fixes))I.has(a)||delete u.fixes[a];let tt=Ce(r.report.businessHours),rt={periodKind:m,clock:tt,firstResponseTargets:r.sla.firstResponse,resolutionTargets:r.sla.resolution,now:l,fixClosedAt:a=>u.fixes[a]?.s==="closed"?u.fixes[a]?.c:void 0},Z=d.map(a=>Fe(a,h.get(a.number),rt)),nt=new Map(d.map(a=>[a.number,a])),V=[],ke=Z.filter(a=>a.breached&&!a.breachLabeled).sort((a,b)=>(a.state==="open"?0:1)-(b.state==="open"?0:1)||a.number-b.number),j=r.sla.label?ke.length:0;if(r.sla.label&&!c)for(let a of ke.slice(0,r.report.maxLabelWrites))try{let{at:b}=await n.addLabel(a.number,A);V.push(a.number),j--,a.breachLabeled=!0;let T=nt.get(a.number);T.labels=[...T.labels,A];let se=u.issues[a.number],at=se&&se.u===T.updatedAt;if(n.cacheHistory&&(at||T.updatedAt===T.createdAt)){let it=se??de(T,h.get(a.number)??{fixes:[]});u.issues[a.number]={...it,f:ie(T),w:b??l.toISOString()}}}catch(b){i(`could not label #${a.number} ${A}: ${D(b)}`);break}let z=ze(Z,{periods:f,periodKind:m,now:l,businessHours:r.report.businessHours!==void 0,targets:{firstResponse:r.sla.firstResponse,resolution:r.sla.resolution}}),W=r.report.businessHours,oe=W?`business hours (${W.days.join(", ")} ${W.start}\u2013${W.end} ${W.timezone})`:void 0,$e=oe?{clockNote:oe}:{},C={metrics:z,facts:Z,markdown:"",labeled:V,historyReads:U,historyCached:E,historyPending:w,labelsPending:j,milestonesUpdated:[],warnings:p};if(r.report.issue&&!c)try{C.reportIssue=await _t(n,u,z,$e,r.report.pin,s)}catch(a){i(`could not update the report issue: ${D(a)}`)}if(r.report.milestones&&r.milestones.period!=="none"&&!c)try{C.milestonesUpdated=await Kt(n,u,z)}catch(a){i(`could not update milestones: ${D(a)}`)}t.htmlDir&&(C.dashboard=await Qe(t.htmlDir,{metrics:z,facts:Z,clockNote:oe??"wall clock"}));let ot=new Set(d.map(a=>String(a.number)));for(let a of Object.keys(u.issues))ot.has(a)||delete u.issues[a];for(let a of Object.keys(u.milestones))o.has(a)||delete u.milestones[a];let Me=ae(u);if(!c&&JSON.stringify(Me)!==y)try{await n.saveState({...g,report:Me,updatedAt:l.toISOString()})}catch(a){i(`could not save the report cache (the next report reads more timelines): ${D(a)}`)}let st=[`Histories: ${U} read, ${E} from cache${w?`, ${w} pending (read budget)`:""}.`,V.length||j?`Labelled ${V.length} issue(s) ${A}${j?`, ${j} left for the next run`:""}.`:"",C.reportIssue?`Report issue: ${C.reportIssue.url}.`:""].filter(Boolean);return C.markdown=ne(z,{...$e,notes:st}),C}async function _t(e,t,r,n,s,l){let c=r.current,p=`Earshot report ${c}`,i=ne(r,{...n,issue:!0}),m=et(`${p}
${i}`);for(let[y,k]of Object.entries(t.reportIssues))if(!(y===c||k.closed)){if(r.periods.some(d=>d.id===y)){let d=ne(r,{...n,focus:y,issue:!0});await e.updateReportIssue(k.n,{title:`Earshot report ${y}`,body:d,state:"closed"})}k.closed=!0}for(let y of Object.keys(t.reportIssues))y!==c&&!r.periods.some(k=>k.id===y)&&delete t.reportIssues[y];let f=t.reportIssues[c];if(f&&f.h===m)return{number:f.n,url:f.u??"",created:!1,updated:!1};let o,g=!1;if(f&&(o=await e.updateReportIssue(f.n,{title:p,body:i})),!o){let y=await e.findReportIssue(c);o=y?await e.updateReportIssue(y.number,{title:p,body:i}):void 0}let u;return o||(o=await e.createReportIssue(p,i),g=!0,s&&(u=await e.pin(o),u&&l.info(`pinned the report issue #${o.number}`))),t.reportIssues[c]={n:o.number,h:m,u:o.url},{...o,created:g,updated:!g,...u!==void 0?{pinned:u}:{}}}async function Kt(e,t,r){let n=[];for(let[c,p]of r.periods.entries()){let i=r.byPeriod[c]?.summary;if(!i||i.mentions===0)continue;let f=`${Q(new Date(p.start),r.periodKind)?.description??""}

${Ye(i)} (Earshot report).`,o=et(`${f}
${p.dueOn}`);t.milestones[p.id]?.h!==o&&n.push({period:p,description:f,h:o})}if(n.length===0)return[];let s=new Map((await e.listMilestones()).map(c=>[c.title,c])),l=[];for(let c of n){let p=s.get(c.period.id);if(!p)continue;let m={...!p.dueOn||Math.abs(Date.parse(p.dueOn)-Date.parse(c.period.dueOn))>864e5?{dueOn:c.period.dueOn}:{},...p.description!==c.description?{description:c.description}:{}};Object.keys(m).length>0&&(await e.updateMilestone(p.number,m),l.push(c.period.id)),t.milestones[c.period.id]={n:p.number,h:c.h}}return l}export{Kr as a};
