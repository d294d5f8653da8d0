// Client entry point: builds the app into #app and resumes a stored session if there is one.
import "./styles.css";
import { App } from "./app.js";

const root = document.getElementById("app");
if (root) void new App(root).start();
