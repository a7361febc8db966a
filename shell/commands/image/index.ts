import { group } from "../../group.js";

export default group({ name: "image", order: 56, summary: "container images: pull from the built-in catalogue, list, show layers, tag, rm" });
