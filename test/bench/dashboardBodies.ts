import { readFileSync } from "node:fs";
import { print } from "graphql";
import { ValuedDashboardDocument } from "../generated/graphql.js";

/** The dashboard document a frontend sends (schema/operations/Dashboard.graphql), read at run time. */
export const DASHBOARD_QUERY = readFileSync(new URL("../../../schema/operations/Dashboard.graphql", import.meta.url), "utf8");
/** Every wallet, sub-accounts included. */
export const EVERYTHING = { filter: { includeSubAccounts: true } };
export const DASHBOARD_BODY = JSON.stringify({ query: DASHBOARD_QUERY, variables: EVERYTHING, operationName: "Dashboard" });
/** The dashboard with values (schema/operations/ValuedDashboard.graphql, fragments included), in USDT. */
export const VALUED_DASHBOARD_BODY = JSON.stringify({ query: print(ValuedDashboardDocument), variables: EVERYTHING, operationName: "ValuedDashboard" });
