// The district map (ui.widgets.geo_map): a plotly "geo" figure drawn by plotly.js's own geo bundle, served from
// the app's static folder, instead of st.plotly_chart's full plotly.js. Why: on a page load the full bundle
// (4.7 MB) took 1.3–1.8 s of the browser's main thread to evaluate before the first district was drawn; the geo
// bundle (1.4 MB, the same plotly.js version as the Python package, so the figure means the same) takes about
// 0.3 s. And an element kept by its key is updated in place (Plotly.react), where st.plotly_chart mounts a new
// chart for every new figure. Python sends {figure, config, alt, failed} as UTF-8 JSON bytes.

const BUNDLE = "app/static/plotly/plotly-geo-4.1.1.min.js";

function plotly() {
  if (!window.__stadsdelPlotly) {
    window.__stadsdelPlotly = new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = BUNDLE;
      script.async = true;
      script.onload = () => (window.Plotly ? resolve(window.Plotly) : reject(new Error("no Plotly")));
      script.onerror = () => {
        window.__stadsdelPlotly = undefined; // the next render tries again
        reject(new Error(`could not load ${BUNDLE}`));
      };
      document.head.appendChild(script);
    });
  }
  return window.__stadsdelPlotly;
}

export default function ({ data, parentElement, setTriggerValue }) {
  const spec = JSON.parse(new TextDecoder().decode(data));
  if (spec.preload) {
    // Mounted early in the page's run (ui.widgets.preload_geo_map): fetch and evaluate the bundle, and fetch
    // the districts' GeoJSON, while the server is still computing the map. plotly.js takes a GeoJSON named by
    // URL from window.PlotlyGeoAssets when it is there (and fetches it itself when it is not yet).
    const url = spec.geojson;
    const geometry = url ? fetch(url).then((r) => (r.ok ? r.json() : null)).catch(() => null) : null;
    Promise.all([plotly(), geometry])
      .then(([, fetched]) => {
        const assets = window.PlotlyGeoAssets;
        if (fetched && assets && !assets[url]) assets[url] = fetched;
      })
      .catch(() => {});
    return;
  }
  let gd = parentElement.querySelector(".stadsdel-geo-map");
  if (!gd) {
    gd = document.createElement("div");
    gd.className = "stadsdel-geo-map";
    gd.style.width = "100%";
    gd.style.minHeight = `${spec.figure.layout.height || 450}px`;
    parentElement.appendChild(gd);
  }
  gd.setAttribute("role", "img");
  gd.setAttribute("aria-label", spec.alt);
  // The click handler is bound once and always calls the latest render's setter.
  gd.__stadsdelSetTrigger = setTriggerValue;
  plotly()
    .then((Plotly) => Plotly.react(gd, spec.figure.data, spec.figure.layout, { ...spec.config, responsive: true }))
    .then(() => {
      if (gd.__stadsdelBound) return;
      gd.__stadsdelBound = true;
      gd.on("plotly_click", (event) => {
        const point = event && event.points && event.points[0];
        if (point && point.location) gd.__stadsdelSetTrigger("click", { location: point.location });
      });
    })
    .catch((error) => {
      console.error("stadsdel map:", error);
      gd.textContent = spec.failed;
    });
}
