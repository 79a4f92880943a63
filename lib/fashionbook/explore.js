// The explorable t-SNE map in the browser (see fashionbook/explore.py, which puts this
// script on the page after Bokeh's plot and a JSON config).
//   hover:     Bokeh's HoverTool calls fashionbookMap.hover with the dot under the pointer;
//   keyboard:  the arrow keys step to the nearest dot in that direction, + and - zoom,
//              0 shows the whole map again;
//   legend:    one checkbox per class hides or shows its dots;
//   the panel: the garment, cut out of the sprite sheet (image i at row i // columns,
//              column i % columns, 28 x 28 pixels), drawn 5 times larger, and its class.
(function () {
  "use strict";
  const maps = (window.fashionbookMap = window.fashionbookMap || { byId: {} });

  maps.hover = function (id, data) {
    const map = maps.byId[id];
    const hits = data.index.indices;
    if (map && hits.length) {
      const renderer = map.renderers.indexOf(data.renderer);
      map.select(renderer, hits[0]);
    }
  };

  function start(element) {
    const config = JSON.parse(element.querySelector(".fashionbook-map-config").textContent);
    // The plot that Bokeh drew inside this element: in a notebook, a cell run again draws
    // a plot of the same name, and BokehJS keeps the documents of the outputs it replaced.
    const view = window.Bokeh && [...Bokeh.index]
      .find((root) => root.model.name === config.id && element.contains(root.el));
    if (!view) {
      setTimeout(() => start(element), 50); // Bokeh has not drawn the plot yet
      return;
    }
    maps.byId[config.id] = explore(element, view.model, config);
  }

  function explore(element, plot, config) {
    const renderers = plot.renderers.slice(0, config.classes.length);
    const cursor = plot.document.get_model_by_name(config.id + "-cursor");
    const canvas = element.querySelector(".fashionbook-map-garment canvas");
    const caption = element.querySelector(".fashionbook-map-garment p");
    const box = element.querySelector(".fashionbook-map-plot");
    let current = null; // [renderer, row]
    let whole = null; // the ranges of the whole map, once Bokeh has computed them

    function point(renderer, row) {
      const data = renderers[renderer].data_source.data;
      return { x: data.x[row], y: data.y[row], image: data.image[row] };
    }

    function select(renderer, row) {
      current = [renderer, row];
      const p = point(renderer, row);
      cursor.data = { x: [p.x], y: [p.y] };
      const sprite = document.querySelector(`img.${config.spriteClass}[data-map="${config.id}"]`)
                  || document.querySelector("img." + config.spriteClass); // the book's page
      const context = canvas.getContext("2d");
      context.imageSmoothingEnabled = false;
      const column = p.image % config.columns;
      const line = Math.floor(p.image / config.columns);
      context.drawImage(sprite, column * config.side, line * config.side, config.side,
                        config.side, 0, 0, canvas.width, canvas.height);
      const name = config.classes[renderer];
      canvas.setAttribute("aria-label", "Training image " + p.image + ": " + name);
      caption.textContent = name + " (training image " + p.image + ")";
    }

    function ranges() {
      return { x0: plot.x_range.start, x1: plot.x_range.end, y0: plot.y_range.start, y1: plot.y_range.end };
    }

    // Marked as set by the reader, as Bokeh's own tools do: otherwise Bokeh's next layout
    // (after the cursor moves, say) computes the ranges from the data again, undoing a zoom.
    function setRanges(r) {
      plot.x_range.setv({ start: r.x0, end: r.x1 });
      plot.y_range.setv({ start: r.y0, end: r.y1 });
      plot.x_range.have_updated_interactively = true;
      plot.y_range.have_updated_interactively = true;
    }

    // The visible dot nearest to (x, y) within 45 degrees of the direction (dx, dy);
    // with no direction, the nearest of all.
    function nearest(x, y, dx, dy) {
      let best = null;
      let bestDistance = Infinity;
      renderers.forEach((renderer, k) => {
        if (!renderer.visible) return;
        const data = renderer.data_source.data;
        for (let row = 0; row < data.x.length; row++) {
          const ex = data.x[row] - x;
          const ey = data.y[row] - y;
          const along = ex * dx + ey * dy;
          const across = Math.abs(ex * dy - ey * dx);
          if ((dx || dy) && (along <= 0 || across > along)) continue;
          const distance = ex * ex + ey * ey;
          if (distance < bestDistance) {
            bestDistance = distance;
            best = [k, row];
          }
        }
      });
      return best;
    }

    function centre() {
      const r = ranges();
      return { x: (r.x0 + r.x1) / 2, y: (r.y0 + r.y1) / 2 };
    }

    function keepInView(p) {
      const r = ranges();
      if (p.x < r.x0 || p.x > r.x1 || p.y < r.y0 || p.y > r.y1) {
        const w = (r.x1 - r.x0) / 2;
        const h = (r.y1 - r.y0) / 2;
        setRanges({ x0: p.x - w, x1: p.x + w, y0: p.y - h, y1: p.y + h });
      }
    }

    function zoom(factor) {
      const r = ranges();
      const c = current ? point(...current) : centre();
      setRanges({ x0: c.x - (c.x - r.x0) * factor, x1: c.x + (r.x1 - c.x) * factor,
                  y0: c.y - (c.y - r.y0) * factor, y1: c.y + (r.y1 - c.y) * factor });
    }

    const directions = { ArrowRight: [1, 0], ArrowLeft: [-1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    box.addEventListener("keydown", (event) => {
      if (whole === null) whole = ranges();
      if (event.key in directions) {
        const from = current && renderers[current[0]].visible ? point(...current) : null;
        const next = from ? nearest(from.x, from.y, ...directions[event.key])
                          : nearest(centre().x, centre().y, 0, 0);
        if (next) {
          select(...next);
          keepInView(point(...next));
        }
      } else if (event.key === "+" || event.key === "=") {
        zoom(0.5);
      } else if (event.key === "-") {
        zoom(2);
      } else if (event.key === "0") {
        setRanges(whole);
      } else {
        return;
      }
      event.preventDefault(); // the arrow keys would scroll the page
    });

    element.querySelectorAll(".fashionbook-map-legend input").forEach((box) => {
      box.addEventListener("change", () => {
        renderers[Number(box.dataset.class)].visible = box.checked;
      });
    });

    return { renderers, select };
  }

  document.querySelectorAll(".fashionbook-map").forEach((element) => {
    if (!element.dataset.started) {
      element.dataset.started = "yes";
      start(element);
    }
  });
})();
