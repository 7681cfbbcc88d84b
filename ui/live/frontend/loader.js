// Sent with every live-view update, so kept tiny: parse the payload, import the live-view runtime
// (static modules the browser loads once; all of them are asked for at once so the first chart
// does not wait for a chain of imports) and hand the update to it.
export default async function liveViewLoader(component) {
  performance.mark("live_view:mount");
  const data = typeof component.data === "string" ? JSON.parse(component.data) : component.data;
  // the loader itself runs from a blob: URL, so resolve URLs against the page
  for (const url of data.modules || []) {
    const href = new URL(url, document.baseURI).href;
    if (document.querySelector(`link[rel="modulepreload"][href="${href}"]`)) continue;
    const link = document.createElement("link");
    link.rel = "modulepreload";
    link.href = href;
    document.head.appendChild(link);
  }
  const runtime = await import(new URL(data.runtime_url, document.baseURI).href);
  return runtime.default({ ...component, data });
}
