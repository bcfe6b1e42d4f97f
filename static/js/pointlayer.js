/* Many points as ONE Leaflet layer drawn on a canvas (geo/pointlayer.py builds its data).
 *
 * The data is compact: coordinates as 3-byte offsets from an origin in 1e-5 degrees, one status code byte per
 * point, all base64 encoded (inline, or for a large layer a file the app serves: `data.url`); labels (optional)
 * are sent once as one array. Below `clusterBelow` the points are
 * gathered into a screen grid drawn as pies of their status codes with the count; from that zoom on every point
 * is drawn, coloured by its code. Clicking a cluster zooms in; clicking a point fires the layer's "click" event
 * with a tooltip naming the point by index and digest ("[#digest:index]"), which streamlit-folium returns to the
 * page. Areas and other vector layers drawn above keep their own clicks. */
(function () {
  "use strict";
  if (!window.L || L.EitPoints) { return; }
  var TAU = 2 * Math.PI;

  function decode(d) {
    var bin = atob(d.data), n = d.n, b = new Uint8Array(bin.length), i;
    for (i = 0; i < bin.length; i++) { b[i] = bin.charCodeAt(i); }
    var lat = new Float64Array(n), lon = new Float64Array(n), mx = new Float64Array(n), my = new Float64Array(n),
        code = new Uint8Array(n);
    for (i = 0; i < n; i++) {
      var o = 3 * i, p = 3 * n + o;
      lon[i] = (d.x0 + (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16))) / 1e5;
      lat[i] = (d.y0 + (b[p] | (b[p + 1] << 8) | (b[p + 2] << 16))) / 1e5;
      code[i] = b[6 * n + i];
      var s = Math.sin(lat[i] * Math.PI / 180);          // spherical Mercator, as Leaflet's EPSG:3857
      mx[i] = (lon[i] + 180) / 360;
      my[i] = 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
    }
    return {n: n, lat: lat, lon: lon, mx: mx, my: my, code: code};
  }

  L.EitPoints = L.Layer.extend({
    options: {radius: 5, clusterBelow: 11, cell: 64, colours: ["#2b8cbe"], names: [], labels: null, labelsUrl: "",
              digest: "", pointHint: "", clusterHint: "", pane: "eitPoints"},

    initialize: function (data, options) {
      L.setOptions(this, options);
      this._drawn = null;       // what the last draw put on screen: {kind, x, y, r, idx | cells}
      this._p = null;
      if (data.url) {           // a large layer: its data is a file the app serves (and the browser keeps)
        var self = this;
        fetch(data.url).then(function (r) { return r.text(); }).then(function (text) {
          self._p = decode(L.extend({}, data, {data: text}));
          self._draw();
        });
      } else { this._p = decode(data); }
    },

    onAdd: function (map) {
      if (!map.getPane(this.options.pane)) {
        map.createPane(this.options.pane).style.zIndex = 350;     // under the vector overlays (areas: 400)
      }
      this._canvas = L.DomUtil.create("canvas", "eit-points");
      this._canvas.style.pointerEvents = "none";
      map.getPane(this.options.pane).appendChild(this._canvas);
      this._tip = L.tooltip({direction: "top", offset: [0, -8], opacity: 0.95});
      map.on("moveend zoomend resize viewreset", this._draw, this);
      map.on("zoomstart", this._hide, this);
      map.on("click", this._click, this);
      map.on("mousemove", this._hover, this);
      map.on("mouseout", this._leave, this);
      this._draw();
    },

    onRemove: function (map) {
      map.off("moveend zoomend resize viewreset", this._draw, this);
      map.off("zoomstart", this._hide, this);
      map.off("click", this._click, this);
      map.off("mousemove", this._hover, this);
      map.off("mouseout", this._leave, this);
      L.DomUtil.remove(this._canvas);
      map.closeTooltip(this._tip);
    },

    _hide: function () { this._canvas.style.visibility = "hidden"; this._leave(); },

    _draw: function () {
      var map = this._map; if (!map || !this._p) { return; }
      var size = map.getSize(), ratio = window.devicePixelRatio || 1, c = this._canvas;
      var topLeft = map.containerPointToLayerPoint([0, 0]);
      L.DomUtil.setPosition(c, topLeft);
      c.width = size.x * ratio; c.height = size.y * ratio;
      c.style.width = size.x + "px"; c.style.height = size.y + "px";
      var ctx = c.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, size.x, size.y);
      var zoom = map.getZoom(), scale = 256 * Math.pow(2, zoom), origin = map.getPixelOrigin();
      var ox = origin.x + topLeft.x, oy = origin.y + topLeft.y;
      if (zoom < this.options.clusterBelow) { this._drawClusters(ctx, size, scale, ox, oy); }
      else { this._drawPoints(ctx, size, scale, ox, oy); }
      c.style.visibility = "visible";
    },

    _drawPoints: function (ctx, size, scale, ox, oy) {
      var p = this._p, r = this.options.radius, colours = this.options.colours, pad = r + 2;
      var xs = [], ys = [], idx = [], byCode = {}, i, k;
      for (i = 0; i < p.n; i++) {
        var x = p.mx[i] * scale - ox, y = p.my[i] * scale - oy;
        if (x < -pad || y < -pad || x > size.x + pad || y > size.y + pad) { continue; }
        xs.push(x); ys.push(y); idx.push(i);
        (byCode[p.code[i]] = byCode[p.code[i]] || []).push(xs.length - 1);
      }
      ctx.lineWidth = 1; ctx.strokeStyle = "#333333";
      for (k in byCode) {
        var list = byCode[k];
        ctx.beginPath();
        for (i = 0; i < list.length; i++) {
          ctx.moveTo(xs[list[i]] + r, ys[list[i]]);
          ctx.arc(xs[list[i]], ys[list[i]], r, 0, TAU);
        }
        ctx.fillStyle = colours[k] || "#bdbdbd";
        ctx.fill(); ctx.stroke();
      }
      this._drawn = {kind: "points", x: xs, y: ys, idx: idx, r: r};
    },

    _drawClusters: function (ctx, size, scale, ox, oy) {
      var p = this._p, cell = this.options.cell, colours = this.options.colours, nc = colours.length;
      var cells = new Map(), list = [], i, j;
      for (i = 0; i < p.n; i++) {
        var wx = p.mx[i] * scale, wy = p.my[i] * scale, x = wx - ox, y = wy - oy;
        if (x < -cell || y < -cell || x > size.x + cell || y > size.y + cell) { continue; }
        var key = Math.floor(wx / cell) * 1048576 + Math.floor(wy / cell), g = cells.get(key);
        if (!g) { g = {n: 0, sx: 0, sy: 0, codes: new Array(nc).fill(0), first: i}; cells.set(key, g); list.push(g); }
        g.n++; g.sx += x; g.sy += y; g.codes[p.code[i] < nc ? p.code[i] : 0]++;
      }
      var xs = [], ys = [], rs = [], out = [];
      ctx.font = "600 12px Sarabun, sans-serif"; ctx.textAlign = "center"; ctx.textBaseline = "middle";
      for (j = 0; j < list.length; j++) {
        var c = list[j], cx = c.sx / c.n, cy = c.sy / c.n;
        var r = c.n === 1 ? this.options.radius : Math.min(26, 8 + 4 * Math.log(c.n) / Math.LN10);
        var start = -Math.PI / 2;
        for (var k = 0; k < nc; k++) {
          if (!c.codes[k]) { continue; }
          var end = start + TAU * c.codes[k] / c.n;
          ctx.beginPath(); ctx.moveTo(cx, cy); ctx.arc(cx, cy, r, start, end); ctx.closePath();
          ctx.fillStyle = colours[k]; ctx.globalAlpha = 0.9; ctx.fill();
          start = end;
        }
        ctx.globalAlpha = 1; ctx.lineWidth = 1.2; ctx.strokeStyle = "#333333";
        ctx.beginPath(); ctx.arc(cx, cy, r, 0, TAU); ctx.stroke();
        if (c.n > 1) {
          var label = c.n >= 10000 ? Math.round(c.n / 1000) + "k" : String(c.n);
          ctx.lineWidth = 3; ctx.strokeStyle = "rgba(255,255,255,0.9)"; ctx.strokeText(label, cx, cy);
          ctx.fillStyle = "#111111"; ctx.fillText(label, cx, cy);
        }
        xs.push(cx); ys.push(cy); rs.push(r); out.push(c);
      }
      this._drawn = {kind: "clusters", x: xs, y: ys, rs: rs, cells: out};
    },

    // The drawn item under a container point: {i: point index} or {cluster}; null when none.
    _under: function (pt) {
      var d = this._drawn; if (!d) { return null; }
      var best = -1, bestD = Infinity, i;
      for (i = 0; i < d.x.length; i++) {
        var dx = d.x[i] - pt.x, dy = d.y[i] - pt.y, dd = dx * dx + dy * dy, r = (d.kind === "points" ? d.r : d.rs[i]) + 3;
        if (dd <= r * r && dd < bestD) { best = i; bestD = dd; }
      }
      if (best < 0) { return null; }
      if (d.kind === "points") { return {i: d.idx[best]}; }
      var c = d.cells[best];
      return c.n === 1 ? {i: c.first} : {cluster: c, x: d.x[best], y: d.y[best]};
    },

    _onVector: function (e) {    // the event began on an area or another interactive vector drawn above
      var t = e.originalEvent && e.originalEvent.target;
      return !!(t && t.classList && t.classList.contains("leaflet-interactive"));
    },

    _click: function (e) {
      if (this._onVector(e)) { return; }
      var hit = this._under(e.containerPoint), map = this._map;
      if (!hit) { return; }
      if (hit.cluster) {
        map.setView(map.containerPointToLatLng([hit.x, hit.y]),
                    Math.min(map.getZoom() + 2, Math.max(this.options.clusterBelow, map.getZoom() + 1)));
        return;
      }
      var ll = L.latLng(this._p.lat[hit.i], this._p.lon[hit.i]);
      var probe = L.circleMarker(ll).bindTooltip("[#" + this.options.digest + ":" + hit.i + "]");
      this.fire("click", {latlng: ll, sourceTarget: probe, originalEvent: e.originalEvent});
    },

    _hover: function (e) {
      var map = this._map, hit = this._onVector(e) ? null : this._under(e.containerPoint);
      map.getContainer().style.cursor = hit ? "pointer" : "";
      if (!hit) { this._leave(); return; }
      var html;
      if (hit.cluster) {
        html = this.options.clusterHint.replace("{n}", hit.cluster.n.toLocaleString());
        this._tip.setLatLng(map.containerPointToLatLng([hit.x, hit.y]));
      } else {
        var labels = this.options.labels, names = this.options.names, code = this._p.code[hit.i];
        if (!labels && this.options.labelsUrl) { this._fetchLabels(e); }
        html = (labels ? labels[hit.i] + "<br>" : "") + (names[code] || "") + " · " + this.options.pointHint;
        this._tip.setLatLng([this._p.lat[hit.i], this._p.lon[hit.i]]);
      }
      this._tip.setContent(html);
      if (!map.hasLayer(this._tip)) { map.openTooltip(this._tip); }
    },

    // A large layer's labels (the factories' names) are a file the app serves, fetched once, on the first hover
    // of a point; the tooltip under the pointer is then drawn again with the name.
    _fetchLabels: function (e) {
      if (this._labelsPending) { return; }
      this._labelsPending = true;
      var self = this;
      fetch(this.options.labelsUrl).then(function (r) { return r.text(); }).then(function (text) {
        self.options.labels = text.split("\n");
        if (self._map && self._map.hasLayer(self._tip)) { self._hover(e); }
      });
    },

    _leave: function () {
      if (this._map) { this._map.closeTooltip(this._tip); this._map.getContainer().style.cursor = ""; }
    }
  });

  L.eitPoints = function (data, options) { return new L.EitPoints(data, options); };
})();
