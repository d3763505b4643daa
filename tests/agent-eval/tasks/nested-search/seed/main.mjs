import { listOrders } from "./src/api/orders/list.js";
import { loadUsers } from "./src/api/users.js";
import { tableSource } from "./src/ui/widgets/table.js";

console.log(JSON.stringify([await loadUsers(), await listOrders(2), await tableSource("stock")()]));
