import { group } from "../../group.js";

export default group({ name: "user", order: 20, summary: "users: add, list, del; su, whoami, id, umask" });
