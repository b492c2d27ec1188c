import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { print } from "graphql";

export interface GraphqlResponse<T> {
  status: number;
  data: T | null | undefined;
  errors: Array<{ message: string; path?: Array<string | number>; extensions?: Record<string, unknown> }> | undefined;
}

/** Sends a typed operation to a running Coffer over real HTTP, as a frontend would. */
export async function postGraphql<T, V>(url: string, document: TypedDocumentNode<T, V>, variables: V, token: string | null): Promise<GraphqlResponse<T>> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (token !== null) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${url}/graphql`, {
    method: "POST",
    headers,
    body: JSON.stringify({ query: print(document), variables }),
  });
  const body = (await response.json()) as { data?: T | null; errors?: GraphqlResponse<T>["errors"] };
  return { status: response.status, data: body.data, errors: body.errors };
}
