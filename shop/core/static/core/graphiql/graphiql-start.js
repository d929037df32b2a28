// Mount GraphiQL (vendored beside this file) on the page's own endpoint. A session POST needs the CSRF token
// (shop/core/graphql/views.py), taken from the cookie or the page's hidden field.
(function () {
  "use strict";
  var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  var field = document.querySelector("[name=csrfmiddlewaretoken]");
  var token = match ? decodeURIComponent(match[1]) : field ? field.value : "";
  var fetcher = window.GraphiQL.createFetcher({
    url: window.location.pathname,
    headers: token ? { "X-CSRFToken": token } : {},
  });
  // A shared link may carry the document: /graphql/?query=...
  var query = new URLSearchParams(window.location.search).get("query") || undefined;
  ReactDOM.render(
    React.createElement(window.GraphiQL, { fetcher: fetcher, query: query, defaultEditorToolsVisibility: true }),
    document.getElementById("graphiql"),
  );
})();
