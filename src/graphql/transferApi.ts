import type { TransferService } from "../transfers/transferService.js";

/** What the GraphQL layer needs of the money side: the transfer service's moves and reads. */
export type TransferApi = Pick<TransferService, "transfer" | "history" | "get">;
