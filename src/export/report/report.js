// actornet report: draws the network laid out by actornet and shows the evidence behind it.
// Every text from the data reaches the page through textContent or setAttribute, never as markup.
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var D = JSON.parse(document.getElementById('actornet-data').textContent);
  var meta = D.meta, nodes = D.nodes, E = meta.extent;
  // links travel column by column; dates as indices into D.dates
  var L = D.links;
  var links = L.s.map(function (s, i) {
    return { s: s, t: L.t[i], k: L.k[i], w: L.w[i], n: L.n[i], docs: L.docs[i],
      first: L.first[i] >= 0 ? D.dates[L.first[i]] : undefined, last: L.last[i] >= 0 ? D.dates[L.last[i]] : undefined,
      drawn: L.drawn[i] === 1, bend: L.bend[i], ev: L.ev[i], evn: L.evn[i], gaz: L.gaz[i] === 1 };
  });
  nodes.forEach(function (n) {
    if (n.first !== undefined) n.first = D.dates[n.first];
    if (n.last !== undefined) n.last = D.dates[n.last];
  });
  var TABLE_ROWS = 20;
  var LABEL = 13;

  // ---- small helpers ----------------------------------------------------------------------
  function $(id) { return document.getElementById(id); }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    if (attrs) { for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]); } }
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function sv(tag, attrs) {
    var e = document.createElementNS(NS, tag);
    if (attrs) { for (var k in attrs) { if (attrs[k] !== null && attrs[k] !== undefined) e.setAttribute(k, attrs[k]); } }
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); }
  function fmt(x) {
    if (typeof x !== 'number') return String(x);
    if (Math.round(x) === x) return x.toLocaleString('en');
    return x.toFixed(x < 1 ? 3 : 2);
  }
  function plural(n, one, many) { return fmt(n) + ' ' + (n === 1 ? one : many); }
  function kindOf(l) { return D.kinds[l.k]; }
  function typeOf(n) { return D.types[n.type]; }
  function arrowId(k) { return 'arrow-' + k; }

  // degree-weighted neighbour lists, for panels
  var incident = nodes.map(function () { return []; });
  links.forEach(function (l, i) { incident[l.s].push(i); incident[l.t].push(i); });

  // ---- header -----------------------------------------------------------------------------
  var docCount = meta.run && meta.run.documents !== undefined ? meta.run.documents : D.docs.length;
  var inputs = (meta.run && meta.run.inputs) || [];
  $('title').textContent = 'Actor network' + (inputs.length === 1 ? ': ' + inputs[0].split(/[\\/]/).pop() : '');
  document.title = $('title').textContent + ' \u2013 actornet';
  $('summary').textContent = plural(docCount, 'document', 'documents') + ', ' +
    plural(meta.nodes, 'actor', 'actors') + ', ' + plural(meta.links, 'link', 'links') +
    '. Co-occurrence weight: ' + meta.weight + '.';
  $('foot').textContent = 'Made by ' + meta.tool + ' ' + meta.version +
    (meta.run && meta.run.gazetteer ? ' with gazetteer ' + meta.run.gazetteer : '') +
    '. Evidence: up to ' + meta.evidencePerActor + ' sentences per actor and ' +
    meta.evidencePerLink + ' per link are kept in this page; evidence.csv and mentions.csv have them all.';
  if (meta.drawnNodes < meta.nodes || meta.drawnLinks < meta.links) {
    var n = $('notice');
    n.hidden = false;
    n.textContent = 'Large graph: the picture shows the ' + fmt(meta.drawnNodes) + ' most-mentioned of ' +
      fmt(meta.nodes) + ' actors and ' + fmt(meta.drawnLinks) + ' of ' + fmt(meta.links) +
      ' links (typed relations first, then the heaviest); ' + fmt(meta.nodes - meta.drawnNodes) +
      ' actors and ' + fmt(meta.links - meta.drawnLinks) +
      ' links are left out of the picture. The search and the tables cover all of them.';
  }

  // ---- the picture ------------------------------------------------------------------------
  // the viewBox is the stage's own pixel size; the view transform maps layout units to pixels
  var svg = $('graph');
  var W = 800, H = 600;
  function measure() {
    W = Math.max(200, svg.clientWidth || 800);
    H = Math.max(200, svg.clientHeight || 600);
    svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
  }
  measure();
  var defs = sv('defs');
  D.kinds.forEach(function (k) {
    if (!k.directed) return;
    var m = sv('marker', { id: arrowId(k.name), viewBox: '0 0 10 10', refX: '9', refY: '5',
      markerWidth: '4.5', markerHeight: '4.5', orient: 'auto', markerUnits: 'strokeWidth' });
    m.appendChild(sv('path', { d: 'M0,0 L10,5 L0,10 z', fill: k.color }));
    defs.appendChild(m);
  });
  svg.appendChild(defs);
  svg.appendChild(sv('rect', { x: '-100000', y: '-100000', width: '200000', height: '200000', fill: '#fbfcfd', 'class': 'bg' }));
  var vp = sv('g', { id: 'viewport' });
  var linkLayer = sv('g', { 'class': 'links' });
  var nodeLayer = sv('g', { 'class': 'nodes' });
  var labelLayer = sv('g', { 'class': 'labels', 'font-family': 'system-ui, -apple-system, Segoe UI, Roboto, Arial, sans-serif', 'font-size': String(LABEL), 'text-anchor': 'middle', fill: '#1d2733' });
  vp.appendChild(linkLayer); vp.appendChild(nodeLayer); vp.appendChild(labelLayer);
  svg.appendChild(vp);

  var maxW = 0;
  links.forEach(function (l) { if (l.drawn && kindOf(l).name === 'co-occurrence' && l.w > maxW) maxW = l.w; });
  function linkWidth(l) {
    if (kindOf(l).name !== 'co-occurrence') return 3;
    if (maxW <= 0) return 1;
    return 1 + 7 * Math.sqrt(Math.max(0, Math.min(1, l.w / maxW)));
  }
  function pathOf(l) {
    var a = nodes[l.s], b = nodes[l.t];
    var dx = b.x - a.x, dy = b.y - a.y, len = Math.sqrt(dx * dx + dy * dy) || 1e-9;
    var nx = -dy / len, ny = dx / len, bend = l.bend || 0;
    var cx = (a.x + b.x) / 2 + nx * bend, cy = (a.y + b.y) / 2 + ny * bend;
    var ex = b.x - cx, ey = b.y - cy, el2 = Math.sqrt(ex * ex + ey * ey) || 1e-9;
    var r = kindOf(l).directed ? b.r + 1.5 : 0;
    var tx = b.x - ex / el2 * r, ty = b.y - ey / el2 * r;
    return 'M' + a.x + ',' + a.y + ' Q' + cx.toFixed(1) + ',' + cy.toFixed(1) + ' ' + tx.toFixed(1) + ',' + ty.toFixed(1);
  }
  var linkEls = [], nodeEls = [], labelEls = [];
  links.forEach(function (l, i) {
    if (!l.drawn) return;
    var k = kindOf(l);
    var g = sv('g', { 'class': 'link', 'data-i': String(i), 'data-kind': k.name });
    var d = pathOf(l);
    var co = k.name === 'co-occurrence';
    g.appendChild(sv('path', { d: d, fill: 'none', stroke: 'transparent', 'stroke-width': '12', 'class': 'hit' }));
    g.appendChild(sv('path', { d: d, fill: 'none', stroke: k.color, 'stroke-width': linkWidth(l).toFixed(2),
      'stroke-opacity': co ? '0.5' : '0.95', 'stroke-dasharray': k.dash || null, 'stroke-linecap': 'round',
      'marker-end': k.directed ? 'url(#' + arrowId(k.name) + ')' : null, 'class': 'vis' }));
    var t = sv('title');
    t.textContent = nodes[l.s].label + (k.directed ? ' \u2192 ' : ' \u2013 ') + nodes[l.t].label + ': ' + k.name + ' (' + fmt(l.w) + ')';
    g.appendChild(t);
    g.addEventListener('click', function (ev) { ev.stopPropagation(); showLink(i); });
    linkLayer.appendChild(g);
    linkEls[i] = g;
  });
  // big nodes first, so small ones stay clickable on top
  var drawnNodes = [];
  nodes.forEach(function (n, i) { if (n.x !== undefined) drawnNodes.push(i); });
  drawnNodes.sort(function (a, b) { return nodes[b].r - nodes[a].r || a - b; });
  drawnNodes.forEach(function (i) {
    var n = nodes[i];
    var g = sv('g', { 'class': 'node', 'data-i': String(i), transform: 'translate(' + n.x + ',' + n.y + ')',
      tabindex: '0', role: 'button', 'aria-label': n.label + ', ' + typeOf(n).name + ', ' + plural(n.m, 'mention', 'mentions') });
    g.appendChild(sv('circle', { r: String(n.r), fill: typeOf(n).color, stroke: '#ffffff', 'stroke-width': '1.5' }));
    g.addEventListener('click', function (ev) { ev.stopPropagation(); showActor(i, false); });
    g.addEventListener('keydown', function (ev) {
      if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); showActor(i, false); }
    });
    g.addEventListener('pointerenter', function () { hover(i, true); });
    g.addEventListener('pointerleave', function () { hover(i, false); });
    g.addEventListener('focus', function () { hover(i, true); });
    g.addEventListener('blur', function () { hover(i, false); });
    nodeLayer.appendChild(g);
    nodeEls[i] = g;
    var t = sv('text', { x: String(n.x), y: String(n.y + n.r + LABEL), 'class': 'label', 'stroke-width': '3' });
    t.textContent = n.label;
    labelLayer.appendChild(t);
    labelEls[i] = t;
  });

  // ---- zoom and pan -----------------------------------------------------------------------
  var view = { k: 1, x: 0, y: 0 };
  // labels keep 12 screen pixels whatever the zoom, so zooming in makes room for more
  function labelSize() { return Math.min(40, Math.max(2, 12 / view.k)); }
  function applyView() {
    vp.setAttribute('transform', 'translate(' + view.x.toFixed(2) + ',' + view.y.toFixed(2) + ') scale(' + view.k.toFixed(4) + ')');
    labelLayer.setAttribute('font-size', labelSize().toFixed(2));
    scheduleLabels();
  }
  window.addEventListener('resize', function () { measure(); fitView(); });
  function svgPoint(cx, cy) {
    var m = svg.getScreenCTM();
    if (!m) return { x: E / 2, y: E / 2 };
    var p = svg.createSVGPoint(); p.x = cx; p.y = cy;
    return p.matrixTransform(m.inverse());
  }
  function zoomAt(px, py, factor) {
    var k = Math.max(fitK * 0.3, Math.min(fitK * 40, view.k * factor));
    factor = k / view.k;
    view.x = px - (px - view.x) * factor;
    view.y = py - (py - view.y) * factor;
    view.k = k;
    applyView();
  }
  // the whole picture, as large as the stage allows (room left for labels at the edges)
  var fitK = 1;
  function fitView() {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    drawnNodes.forEach(function (i) {
      var n = nodes[i];
      x0 = Math.min(x0, n.x - n.r); x1 = Math.max(x1, n.x + n.r);
      y0 = Math.min(y0, n.y - n.r); y1 = Math.max(y1, n.y + n.r);
    });
    if (!isFinite(x0)) { x0 = 0; y0 = 0; x1 = E; y1 = E; }
    var mx = 70, my = 30;
    var k = Math.min((W - 2 * mx) / Math.max(1, x1 - x0), (H - 2 * my - 14) / Math.max(1, y1 - y0));
    k = Math.max(0.05, Math.min(k, 4));
    fitK = k;
    view = { k: k, x: W / 2 - (x0 + x1) / 2 * k, y: (H - 14) / 2 - (y0 + y1) / 2 * k };
    applyView();
  }
  function resetView() { fitView(); }
  function centerOn(i) {
    var n = nodes[i];
    if (n.x === undefined) return;
    var k = Math.max(view.k, fitK * 1.6);
    view.k = k; view.x = W / 2 - n.x * k; view.y = H / 2 - n.y * k;
    applyView();
  }
  var stage = $('stage');
  stage.addEventListener('wheel', function (ev) {
    ev.preventDefault();
    var p = svgPoint(ev.clientX, ev.clientY);
    zoomAt(p.x, p.y, Math.exp(-ev.deltaY * 0.0015));
  }, { passive: false });
  var pointers = {}, drag = null, pinch = null, moved = false;
  stage.addEventListener('pointerdown', function (ev) {
    pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
    var ids = Object.keys(pointers);
    moved = false;
    if (ids.length === 1) {
      drag = { sx: ev.clientX, sy: ev.clientY, vx: view.x, vy: view.y };
    } else if (ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      pinch = { d: Math.hypot(a.x - b.x, a.y - b.y), k: view.k };
      drag = null;
    }
  });
  stage.addEventListener('pointermove', function (ev) {
    if (!pointers[ev.pointerId]) return;
    pointers[ev.pointerId] = { x: ev.clientX, y: ev.clientY };
    var ids = Object.keys(pointers);
    if (pinch && ids.length === 2) {
      var a = pointers[ids[0]], b = pointers[ids[1]];
      var mid = svgPoint((a.x + b.x) / 2, (a.y + b.y) / 2);
      var want = pinch.k * Math.hypot(a.x - b.x, a.y - b.y) / (pinch.d || 1);
      zoomAt(mid.x, mid.y, want / view.k);
      moved = true;
    } else if (drag) {
      var p0 = svgPoint(drag.sx, drag.sy), p1 = svgPoint(ev.clientX, ev.clientY);
      if (Math.abs(ev.clientX - drag.sx) + Math.abs(ev.clientY - drag.sy) > 3) {
        moved = true;
        stage.classList.add('dragging');
        if (!stage.hasPointerCapture(ev.pointerId)) stage.setPointerCapture(ev.pointerId);
      }
      if (moved) {
        view.x = drag.vx + (p1.x - p0.x);
        view.y = drag.vy + (p1.y - p0.y);
        applyView();
      }
    }
  });
  function endPointer(ev) {
    delete pointers[ev.pointerId];
    if (Object.keys(pointers).length < 2) pinch = null;
    drag = null;
    stage.classList.remove('dragging');
  }
  stage.addEventListener('pointerup', endPointer);
  stage.addEventListener('pointercancel', endPointer);
  stage.addEventListener('click', function (ev) {
    if (!moved && (ev.target === svg || (ev.target.getAttribute && ev.target.getAttribute('class') === 'bg'))) select(null);
  }, true);
  stage.addEventListener('keydown', function (ev) {
    var step = 60;
    var handled = true;
    if (ev.key === '+' || ev.key === '=') zoomAt(W / 2, H / 2, 1.3);
    else if (ev.key === '-' || ev.key === '_') zoomAt(W / 2, H / 2, 1 / 1.3);
    else if (ev.key === '0') resetView();
    else if (ev.key === 'ArrowLeft') { view.x += step; applyView(); }
    else if (ev.key === 'ArrowRight') { view.x -= step; applyView(); }
    else if (ev.key === 'ArrowUp') { view.y += step; applyView(); }
    else if (ev.key === 'ArrowDown') { view.y -= step; applyView(); }
    else if (ev.key === 'Escape') select(null);
    else handled = false;
    if (handled) ev.preventDefault();
  });
  $('zoom-in').addEventListener('click', function () { zoomAt(W / 2, H / 2, 1.4); });
  $('zoom-out').addEventListener('click', function () { zoomAt(W / 2, H / 2, 1 / 1.4); });
  $('zoom-reset').addEventListener('click', resetView);

  // ---- labels that do not pile up ---------------------------------------------------------
  var labelTimer = null;
  function scheduleLabels() {
    if (labelTimer !== null) return;
    labelTimer = (window.requestAnimationFrame || setTimeout)(function () { labelTimer = null; placeLabels(); });
  }
  function placeLabels() {
    var size = labelSize();
    var s = size / LABEL;
    // the part of the square in view, in layout units
    var x0 = -view.x / view.k, y0 = -view.y / view.k, x1 = x0 + W / view.k, y1 = y0 + H / view.k;
    // the highlighted actors (hovered or selected, and their neighbours) get their labels first
    var order = drawnNodes.filter(function (i) { return visibleNode[i]; });
    order.sort(function (a, b) {
      return (hoverSet[b] ? 1 : 0) - (hoverSet[a] ? 1 : 0) || (a === focusNode ? -1 : b === focusNode ? 1 : 0) ||
        nodes[b].m - nodes[a].m || (nodes[a].id < nodes[b].id ? -1 : 1);
    });
    var placed = [];
    order.forEach(function (i) {
      var n = nodes[i];
      var w = n.label.length * size * 0.58;
      var top = n.y + n.r + 1 * s;
      var b = [n.x - w / 2, top, n.x + w / 2, top + size];
      var show = b[2] > x0 && b[0] < x1 && b[3] > y0 && b[1] < y1;
      if (show) {
        for (var j = 0; j < placed.length; j++) {
          var q = placed[j];
          if (b[0] < q[2] && q[0] < b[2] && b[1] < q[3] && q[1] < b[3]) { show = false; break; }
        }
      }
      if (show) placed.push(b);
      var t = labelEls[i];
      t.setAttribute('y', (n.y + n.r + size * 0.9).toFixed(1));
      t.setAttribute('stroke-width', (3 * s).toFixed(2));
      t.style.display = show || i === focusNode ? '' : 'none';
    });
    drawnNodes.forEach(function (i) { if (!visibleNode[i]) labelEls[i].style.display = 'none'; });
  }

  // ---- hover and selection ----------------------------------------------------------------
  var tooltip = $('tooltip');
  var hoverSet = {};
  var focusNode = -1;
  var selected = null;
  function neighbourhood(i) {
    var set = {}; set[i] = true;
    var ls = [];
    incident[i].forEach(function (e) { if (links[e].drawn && visibleLink[e]) { ls.push(e); set[links[e].s] = true; set[links[e].t] = true; } });
    return { nodes: set, links: ls };
  }
  function highlight(nodeSet, linkList) {
    var any = nodeSet !== null;
    svg.classList.toggle('dim', any);
    drawnNodes.forEach(function (i) {
      var on = any && !!nodeSet[i];
      nodeEls[i].classList.toggle('hl', on);
      labelEls[i].classList.toggle('hl', on);
    });
    linkEls.forEach(function (g) { if (g) g.classList.remove('hl'); });
    if (any) linkList.forEach(function (e) { if (linkEls[e]) linkEls[e].classList.add('hl'); });
    hoverSet = any ? nodeSet : {};
    placeLabels();
  }
  function restoreHighlight() {
    if (selected && selected.type === 'node') { var h = neighbourhood(selected.i); highlight(h.nodes, h.links); }
    else if (selected && selected.type === 'link') { var l = links[selected.i]; var s = {}; s[l.s] = true; s[l.t] = true; highlight(s, [selected.i]); }
    else highlight(null, []);
  }
  function hover(i, on) {
    focusNode = on ? i : (selected && selected.type === 'node' ? selected.i : -1);
    if (on) {
      var n = nodes[i];
      tooltip.textContent = n.label + ' \u00b7 ' + typeOf(n).name + ' \u00b7 ' + plural(n.m, 'mention', 'mentions');
      var box = stage.getBoundingClientRect(), r = nodeEls[i].getBoundingClientRect();
      tooltip.style.left = (r.left + r.width / 2 - box.left) + 'px';
      tooltip.style.top = (r.top - box.top) + 'px';
      tooltip.hidden = false;
      var h = neighbourhood(i);
      highlight(h.nodes, h.links);
    } else {
      tooltip.hidden = true;
      restoreHighlight();
    }
  }
  function select(s) {
    nodeEls.forEach(function (g) { if (g) g.classList.remove('sel'); });
    linkEls.forEach(function (g) { if (g) g.classList.remove('sel'); });
    selected = s;
    focusNode = s && s.type === 'node' ? s.i : -1;
    if (s && s.type === 'node' && nodeEls[s.i]) nodeEls[s.i].classList.add('sel');
    if (s && s.type === 'link' && linkEls[s.i]) linkEls[s.i].classList.add('sel');
    if (!s) {
      var p = $('panel'); clear(p);
      p.appendChild(el('h2', null, 'Details'));
      p.appendChild(el('p', { 'class': 'hint' }, 'Click an actor or a link, or find one by name, to see its evidence.'));
    }
    restoreHighlight();
  }

  // ---- panels -----------------------------------------------------------------------------
  function sentenceItem(si, focus) {
    var s = D.sentences[si];
    var li = el('li');
    var doc = D.docs[s.d] || { id: '?' };
    li.appendChild(el('span', { 'class': 'src' }, doc.id + (doc.date ? ' (' + doc.date + ')' : '') + ', sentence ' + s.n));
    var q = el('q');
    var pos = 0, t = s.t;
    (s.h || []).slice().sort(function (a, b) { return a[0] - b[0]; }).forEach(function (h) {
      if (h[0] < pos) return;
      if (h[0] > pos) q.appendChild(document.createTextNode(t.slice(pos, h[0])));
      var m = el('mark', { 'class': focus[h[2]] ? 'self' : null, title: nodes[h[2]] ? nodes[h[2]].label : null }, t.slice(h[0], h[0] + h[1]));
      q.appendChild(m);
      pos = h[0] + h[1];
    });
    if (pos < t.length) q.appendChild(document.createTextNode(t.slice(pos)));
    li.appendChild(q);
    return li;
  }
  function evidenceList(p, ev, total, cap, focus, what) {
    p.appendChild(el('h3', null, 'Evidence'));
    if (!ev || ev.length === 0) {
      p.appendChild(el('p', { 'class': 'note' }, what === 'link' && total === 0 ? 'From the gazetteer, not from a sentence.' : 'No sentence kept.'));
      return;
    }
    var ul = el('ul', { 'class': 'evidence' });
    ev.forEach(function (si) { ul.appendChild(sentenceItem(si, focus)); });
    p.appendChild(ul);
    if (total > ev.length) {
      p.appendChild(el('p', { 'class': 'note' }, 'Showing ' + ev.length + ' of ' + fmt(total) + ' sentences (this page keeps the first ' + cap + ' per ' + what + '; evidence.csv and mentions.csv have all).'));
    }
  }
  function row(dl, k, v) {
    if (v === undefined || v === null || v === '') return;
    dl.appendChild(el('dt', null, k));
    var dd = el('dd');
    if (typeof v === 'object' && v.nodeType) dd.appendChild(v); else dd.textContent = String(v);
    dl.appendChild(dd);
  }
  function chip(text, onClick, title) {
    var b = el('button', { type: 'button', 'class': 'chip', title: title || null }, text);
    b.addEventListener('click', onClick);
    return b;
  }
  function counts(list) { return list.map(function (p) { return p[0] + (p[1] > 1 ? ' (' + p[1] + ')' : ''); }).join(', '); }
  function showActor(i, center) {
    var n = nodes[i];
    var p = $('panel'); clear(p);
    var h = el('h2', null, n.label);
    h.appendChild(el('span', { 'class': 'kind', style: 'background:' + typeOf(n).color }, typeOf(n).name));
    p.appendChild(h);
    var dl = el('dl');
    row(dl, 'Title', n.title);
    row(dl, 'Affiliation', n.aff);
    row(dl, 'Role', n.role);
    if (n.roles && n.roles.length > 1) row(dl, 'Roles', counts(n.roles));
    row(dl, 'Aliases seen', counts(n.aliases || [[n.label, n.m]]));
    row(dl, 'Mentions', fmt(n.m));
    row(dl, 'Documents', fmt(n.docs));
    row(dl, 'Linked actors', fmt(n.deg));
    if (n.first) row(dl, 'Seen', n.first === n.last ? n.first : n.first + ' to ' + n.last);
    row(dl, 'Id', n.id);
    if (n.x === undefined) row(dl, 'Picture', 'not drawn (outside the top ' + fmt(meta.drawnNodes) + ')');
    p.appendChild(dl);
    var focus = {}; focus[i] = true;
    evidenceList(p, n.ev, n.evn, meta.evidencePerActor, focus, 'actor');
    var ls = incident[i].slice().sort(function (a, b) {
      var ka = kindOf(links[a]).name === 'co-occurrence' ? 1 : 0, kb = kindOf(links[b]).name === 'co-occurrence' ? 1 : 0;
      return ka - kb || links[b].w - links[a].w || a - b;
    });
    if (ls.length) {
      p.appendChild(el('h3', null, 'Links'));
      var box = el('div', { 'class': 'chips' });
      ls.slice(0, 16).forEach(function (e) {
        var l = links[e], k = kindOf(l);
        var other = l.s === i ? l.t : l.s;
        var arrow = k.directed ? (l.s === i ? '\u2192 ' : '\u2190 ') : '';
        box.appendChild(chip(arrow + nodes[other].label + ' \u00b7 ' + k.name + ' ' + fmt(l.w), function () { showLink(e); }));
      });
      p.appendChild(box);
      if (ls.length > 16) p.appendChild(el('p', { 'class': 'note' }, (ls.length - 16) + ' more links in the tables below.'));
    }
    select({ type: 'node', i: i });
    if (center) centerOn(i);
  }
  function showLink(e) {
    var l = links[e], k = kindOf(l), a = nodes[l.s], b = nodes[l.t];
    var p = $('panel'); clear(p);
    var h = el('h2', null, a.label + (k.directed ? ' \u2192 ' : ' \u2013 ') + b.label);
    h.appendChild(el('span', { 'class': 'kind', style: 'background:' + k.color }, k.name));
    p.appendChild(h);
    var dl = el('dl');
    row(dl, 'Weight', fmt(l.w) + (k.name === 'co-occurrence' ? ' (' + meta.weight + ')' : ''));
    row(dl, k.name === 'co-occurrence' ? 'Shared windows' : 'Cue sentences', l.gaz ? 'from the gazetteer' : fmt(l.n));
    row(dl, 'Documents', fmt(l.docs));
    if (l.first) row(dl, 'Seen', l.first === l.last ? l.first : l.first + ' to ' + l.last);
    if (!l.drawn) row(dl, 'Picture', 'not drawn (outside the top links)');
    p.appendChild(dl);
    var box = el('div', { 'class': 'chips' });
    box.appendChild(chip(a.label, function () { showActor(l.s, true); }));
    box.appendChild(chip(b.label, function () { showActor(l.t, true); }));
    p.appendChild(box);
    var focus = {}; focus[l.s] = true; focus[l.t] = true;
    evidenceList(p, l.ev, l.evn, meta.evidencePerLink, focus, 'link');
    select({ type: 'link', i: e });
  }

  // ---- filters ----------------------------------------------------------------------------
  var typeOn = D.types.map(function () { return true; });
  var kindOn = D.kinds.map(function () { return true; });
  var visibleNode = nodes.map(function (n) { return n.x !== undefined; });
  var visibleLink = links.map(function (l) { return !!l.drawn; });
  var typeCount = D.types.map(function () { return 0; });
  nodes.forEach(function (n) { typeCount[n.type]++; });
  var kindCount = D.kinds.map(function () { return 0; });
  links.forEach(function (l) { kindCount[l.k]++; });
  D.types.forEach(function (t, i) {
    if (!typeCount[i]) return;
    var lab = el('label');
    var cb = el('input', { type: 'checkbox', 'data-type': t.name });
    cb.checked = true;
    cb.addEventListener('change', function () { typeOn[i] = cb.checked; applyFilters(); });
    lab.appendChild(cb);
    lab.appendChild(el('span', { 'class': 'swatch', style: 'background:' + t.color }));
    lab.appendChild(document.createTextNode(t.name + ' (' + fmt(typeCount[i]) + ')'));
    $('type-filters').appendChild(lab);
  });
  D.kinds.forEach(function (k, i) {
    if (!kindCount[i]) return;
    var lab = el('label');
    var cb = el('input', { type: 'checkbox', 'data-kind': k.name });
    cb.checked = true;
    cb.addEventListener('change', function () { kindOn[i] = cb.checked; applyFilters(); });
    lab.appendChild(cb);
    lab.appendChild(document.createTextNode(k.name + ' (' + fmt(kindCount[i]) + ')'));
    $('kind-filters').appendChild(lab);
  });
  var weights = [];
  links.forEach(function (l) { if (l.drawn) weights.push(l.w); });
  weights = weights.sort(function (a, b) { return a - b; }).filter(function (w, i, a) { return i === 0 || a[i - 1] !== w; });
  var wInput = $('min-weight');
  wInput.max = String(Math.max(0, weights.length - 1));
  wInput.value = '0';
  function minWeight() { return weights.length ? weights[+wInput.value] : 0; }
  $('min-weight-value').textContent = fmt(minWeight());
  wInput.addEventListener('input', function () { $('min-weight-value').textContent = fmt(minWeight()); applyFilters(); });
  var dates = D.docs.map(function (d) { return d.date; }).filter(function (d) { return !!d; }).sort().filter(function (d, i, a) { return i === 0 || a[i - 1] !== d; });
  var tInput = $('time');
  if (dates.length > 1) {
    $('time-box').hidden = false;
    tInput.max = String(dates.length - 1);
    tInput.value = String(dates.length - 1);
    $('time-value').textContent = dates[dates.length - 1];
    tInput.addEventListener('input', function () { $('time-value').textContent = dates[+tInput.value]; applyFilters(); });
  }
  function timeLimit() { return dates.length > 1 ? dates[+tInput.value] : null; }
  function applyFilters() {
    var lim = timeLimit(), mw = minWeight();
    drawnNodes.forEach(function (i) {
      var n = nodes[i];
      var on = typeOn[n.type] && (!lim || !n.first || n.first <= lim);
      visibleNode[i] = on;
      nodeEls[i].style.display = on ? '' : 'none';
    });
    links.forEach(function (l, e) {
      if (!l.drawn) return;
      var on = kindOn[l.k] && l.w >= mw && visibleNode[l.s] && visibleNode[l.t] && (!lim || !l.first || l.first <= lim);
      visibleLink[e] = on;
      linkEls[e].style.display = on ? '' : 'none';
    });
    restoreHighlight();
  }

  // ---- legend -----------------------------------------------------------------------------
  var legend = $('legend');
  D.types.forEach(function (t, i) {
    if (!typeCount[i]) return;
    var it = el('span', { 'class': 'item' });
    it.appendChild(el('span', { 'class': 'dot', style: 'background:' + t.color }));
    it.appendChild(document.createTextNode(t.name));
    legend.appendChild(it);
  });
  D.kinds.forEach(function (k, i) {
    if (!kindCount[i]) return;
    var it = el('span', { 'class': 'item' });
    var s = sv('svg', { width: '34', height: '10', viewBox: '0 0 34 10', 'aria-hidden': 'true' });
    s.appendChild(sv('line', { x1: '1', y1: '5', x2: k.directed ? '26' : '33', y2: '5', stroke: k.color, 'stroke-width': '2.5', 'stroke-dasharray': k.dash || null }));
    if (k.directed) s.appendChild(sv('path', { d: 'M25,1 L33,5 L25,9 z', fill: k.color }));
    it.appendChild(s);
    it.appendChild(document.createTextNode(k.name + (k.directed ? ' (arrow: source \u2192 target)' : '')));
    legend.appendChild(it);
  });
  legend.appendChild(el('span', { 'class': 'item' }, 'Size: mentions (capped) \u00b7 width: ' + meta.weight));

  // ---- search -----------------------------------------------------------------------------
  var search = $('search'), results = $('search-results');
  var haystack = nodes.map(function (n) {
    return [n.label.toLowerCase(), n.id.toLowerCase()].concat((n.aliases || []).map(function (a) { return a[0].toLowerCase(); }));
  });
  function find(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    haystack.forEach(function (names, i) {
      var best = 9;
      names.forEach(function (s) {
        var at = s.indexOf(q);
        if (at === 0) best = Math.min(best, s.length === q.length ? 0 : 1);
        else if (at > 0) best = Math.min(best, 2);
      });
      if (best < 9) hits.push([best, -nodes[i].m, i]);
    });
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || a[2] - b[2]; });
    return hits.slice(0, 10).map(function (h) { return h[2]; });
  }
  function renderResults() {
    clear(results);
    var hits = find(search.value);
    results.hidden = hits.length === 0 && !search.value.trim();
    if (search.value.trim() && hits.length === 0) {
      results.appendChild(el('li', { 'class': 'sub', style: 'padding:4px 10px' }, 'No actor matches.'));
      results.hidden = false;
    }
    hits.forEach(function (i) {
      var li = el('li', { role: 'option' });
      var b = el('button', { type: 'button', 'data-i': String(i) });
      b.appendChild(document.createTextNode(nodes[i].label + ' '));
      b.appendChild(el('span', { 'class': 'sub' }, typeOf(nodes[i]).name + ', ' + plural(nodes[i].m, 'mention', 'mentions')));
      b.addEventListener('click', function () { choose(i); });
      b.addEventListener('keydown', function (ev) {
        if (ev.key === 'ArrowDown' && li.nextSibling) { ev.preventDefault(); li.nextSibling.firstChild.focus(); }
        if (ev.key === 'ArrowUp') { ev.preventDefault(); if (li.previousSibling) li.previousSibling.firstChild.focus(); else search.focus(); }
        if (ev.key === 'Escape') { results.hidden = true; search.focus(); }
      });
      li.appendChild(b);
      results.appendChild(li);
    });
  }
  function choose(i) {
    results.hidden = true;
    search.value = nodes[i].label;
    showActor(i, true);
    $('panel').focus({ preventScroll: true });
  }
  search.addEventListener('input', renderResults);
  search.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter') { var h = find(search.value); if (h.length) { ev.preventDefault(); choose(h[0]); } }
    else if (ev.key === 'ArrowDown' && results.firstChild && results.firstChild.firstChild && results.firstChild.firstChild.focus) { ev.preventDefault(); results.firstChild.firstChild.focus(); }
    else if (ev.key === 'Escape') { results.hidden = true; }
  });
  document.addEventListener('click', function (ev) { if (!results.contains(ev.target) && ev.target !== search) results.hidden = true; });

  // ---- tables -----------------------------------------------------------------------------
  var tables = $('tables');
  function nameButton(i) {
    var b = el('button', { type: 'button', 'class': 'name' });
    b.appendChild(el('span', { 'class': 'swatch', style: 'background:' + typeOf(nodes[i]).color }));
    b.appendChild(document.createTextNode(nodes[i].label));
    b.addEventListener('click', function () { showActor(i, true); $('panel').scrollIntoView({ block: 'nearest' }); });
    return b;
  }
  function table(id, title, head, items, render) {
    var sec = el('section', { id: id });
    sec.appendChild(el('h2', null, title));
    var t = el('table');
    var tr = el('tr');
    head.forEach(function (h) { tr.appendChild(el('th', { 'class': h.num ? 'num' : null, scope: 'col' }, h.name)); });
    var thead = el('thead'); thead.appendChild(tr); t.appendChild(thead);
    var body = el('tbody'); t.appendChild(body);
    sec.appendChild(t);
    var shown = 0;
    function more(limit) {
      var frag = document.createDocumentFragment();
      for (; shown < Math.min(limit, items.length); shown++) {
        var r = el('tr');
        render(items[shown]).forEach(function (c, j) {
          var td = el('td', { 'class': head[j].num ? 'num' : null });
          if (c !== null && typeof c === 'object' && c.nodeType) td.appendChild(c); else td.textContent = c === null || c === undefined ? '' : String(c);
          r.appendChild(td);
        });
        frag.appendChild(r);
      }
      body.appendChild(frag);
    }
    more(TABLE_ROWS);
    if (items.length > TABLE_ROWS) {
      var b = el('button', { type: 'button', 'class': 'more' }, 'Show all ' + fmt(items.length));
      b.addEventListener('click', function () { more(items.length); b.remove(); });
      sec.appendChild(b);
    }
    if (items.length === 0) sec.appendChild(el('p', { 'class': 'note' }, 'None.'));
    tables.appendChild(sec);
  }
  var idx = nodes.map(function (n, i) { return i; });
  var actorHead = [{ name: 'Actor' }, { name: 'Type' }, { name: 'Mentions', num: true }, { name: 'Documents', num: true }, { name: 'Linked', num: true }];
  function actorRow(i) { var n = nodes[i]; return [nameButton(i), typeOf(n).name, fmt(n.m), fmt(n.docs), fmt(n.deg)]; }
  table('top-mentions', 'Top actors by mentions', actorHead,
    idx.slice().sort(function (a, b) { return nodes[b].m - nodes[a].m || a - b; }), actorRow);
  table('top-degree', 'Top actors by linked actors', actorHead,
    idx.slice().sort(function (a, b) { return nodes[b].deg - nodes[a].deg || nodes[b].m - nodes[a].m || a - b; }), actorRow);
  var lidx = links.map(function (l, i) { return i; });
  table('strongest', 'Strongest links', [{ name: 'Link' }, { name: 'Kind' }, { name: 'Weight', num: true }, { name: 'Evidence', num: true }],
    lidx.slice().sort(function (a, b) { return links[b].w - links[a].w || a - b; }), function (e) {
      var l = links[e], k = kindOf(l);
      var b = el('button', { type: 'button', 'class': 'name' }, nodes[l.s].label + (k.directed ? ' \u2192 ' : ' \u2013 ') + nodes[l.t].label);
      b.addEventListener('click', function () { showLink(e); $('panel').scrollIntoView({ block: 'nearest' }); });
      return [b, k.name, fmt(l.w), l.gaz ? 'gazetteer' : fmt(l.n)];
    });
  table('roles', 'Roles', [{ name: 'Actor' }, { name: 'Role' }, { name: 'All roles (cue count)' }],
    idx.filter(function (i) { return nodes[i].roles && nodes[i].roles.length; }).sort(function (a, b) {
      function total(n) { return n.roles.reduce(function (s, r) { return s + r[1]; }, 0); }
      return total(nodes[b]) - total(nodes[a]) || a - b;
    }), function (i) { return [nameButton(i), nodes[i].role || '', counts(nodes[i].roles)]; });
  var runRows = [];
  (function flat(prefix, v) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) { Object.keys(v).forEach(function (k) { flat(prefix ? prefix + '.' + k : k, v[k]); }); }
    else runRows.push([prefix, Array.isArray(v) ? (v.length ? v.join(', ') : 'none') : v === null ? 'not set' : String(v)]);
  })('', meta.run || {});
  runRows.sort(function (a, b) { return (a[0] === 'gazetteer' ? -1 : 0) - (b[0] === 'gazetteer' ? -1 : 0); });
  table('run', 'Run options (run.json)', [{ name: 'Option' }, { name: 'Value' }], runRows, function (r) { return r; });

  // ---- download ---------------------------------------------------------------------------
  function svgText() {
    var c = svg.cloneNode(true);
    c.setAttribute('xmlns', NS);
    c.setAttribute('width', String(E));
    c.setAttribute('height', String(E));
    c.setAttribute('viewBox', '0 0 ' + E + ' ' + E);
    c.classList.remove('dim');
    var v = c.querySelector('#viewport');
    if (v) v.removeAttribute('transform');
    Array.prototype.forEach.call(c.querySelectorAll('.hit, title'), function (h) { h.remove(); });
    Array.prototype.forEach.call(c.querySelectorAll('.label'), function (t) { t.setAttribute('paint-order', 'stroke'); t.setAttribute('stroke', '#ffffff'); });
    c.querySelector('.labels').setAttribute('font-size', String(LABEL));
    return new XMLSerializer().serializeToString(c);
  }
  function save(blob, name) {
    var a = el('a', { download: name });
    a.href = URL.createObjectURL(blob);
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  $('download-svg').addEventListener('click', function () {
    save(new Blob([svgText()], { type: 'image/svg+xml' }), 'actornet-graph.svg');
  });
  $('download-png').addEventListener('click', function () {
    var img = new Image();
    var url = URL.createObjectURL(new Blob([svgText()], { type: 'image/svg+xml' }));
    img.onload = function () {
      var canvas = el('canvas', { width: '2000', height: '2000' });
      var ctx = canvas.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, 2000, 2000);
      ctx.drawImage(img, 0, 0, 2000, 2000);
      URL.revokeObjectURL(url);
      canvas.toBlob(function (b) { if (b) save(b, 'actornet-graph.png'); }, 'image/png');
    };
    img.src = url;
  });

  fitView();
  applyFilters();
  // for tests and for scripts that embed the page: what was drawn
  document.documentElement.setAttribute('data-drawn-nodes', String(drawnNodes.length));
  document.documentElement.setAttribute('data-drawn-links', String(linkEls.filter(function (g) { return !!g; }).length));
  document.documentElement.setAttribute('data-render-ms', String(Math.round(performance.now())));
  document.documentElement.setAttribute('data-ready', 'true');
})();
