// A stand-in for a Vite build of the React frontend: it reads its route from the address, as the
// app's router does, and calls the API through the same origin (VITE_BACKEND_URL="").
const root = document.getElementById("root");
root.dataset.route = location.pathname;
fetch("/health")
  .then((response) => response.json())
  .then((health) => {
    root.textContent = `API ${health.status} (version ${health.version}) at ${location.pathname}`;
    root.dataset.api = health.status;
    document.title = "recordsw frontend ready";
  })
  .catch((error) => {
    root.textContent = `API unreachable: ${error}`;
    root.dataset.api = "failed";
  });
