// The API's interactive docs: Swagger UI, its settings read from the page (no inline script).
(function () {
  const root = document.getElementById("swagger-ui");
  const settings = JSON.parse(root.dataset.settings);
  const csrfToken = document.body.dataset.csrfToken;
  settings.dom_id = "#swagger-ui";
  settings.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  // Calls from the docs page use the browser session, which needs the CSRF token for writes.
  settings.requestInterceptor = (request) => {
    if (csrfToken) request.headers["X-CSRFToken"] = csrfToken;
    return request;
  };
  SwaggerUIBundle(settings);
})();
