// The dashboard itself comes with the ledger (Query.holds); until then, point to GraphiQL.
(document.getElementById("app") as HTMLElement).innerHTML =
  '<h1>LockGraph</h1><p>Explore the API in <a href="/graphiql">GraphiQL</a>.</p>';
