// Sent with every live-view update, so kept tiny: parse the payload, import the live-view runtime
// (one static module the browser loads once) and hand the update to it.
export default async function liveViewLoader(component) {
  performance.mark("live_view:mount");
  const data = typeof component.data === "string" ? JSON.parse(component.data) : component.data;
  // the loader itself runs from a blob: URL, so resolve the runtime against the page
  const runtime = await import(new URL(data.runtime_url, document.baseURI).href);
  return runtime.default({ ...component, data });
}
