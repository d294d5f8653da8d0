// Server entry point (rooms come with the server issue).
import http from "node:http";

const port = Number(process.env.PORT ?? 2567);
http
  .createServer((req, res) => {
    if (req.url === "/api/health") {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ status: "ok", rooms: 0 }));
      return;
    }
    res.writeHead(404);
    res.end();
  })
  .listen(port, () => console.log(`Creative Quarter on http://localhost:${port}`));
