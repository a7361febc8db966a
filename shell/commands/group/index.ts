import { group } from "../../group.js";

export default group({ name: "group", order: 30, summary: "groups: add, list, del" });
