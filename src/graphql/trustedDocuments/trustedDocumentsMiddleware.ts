import type { NextFunction, Request, Response } from "express";
import { parse } from "graphql";
import { ErrorCode } from "../../domain/errors.js";
import { canonicalOperation, documentIdOf } from "./canonicalOperation.js";
import type { TrustedDocumentManifest } from "./trustedDocumentManifest.js";

export interface TrustedDocumentsOptions {
  readonly manifest: TrustedDocumentManifest;
  /** Parsing a submitted text stops at this many tokens (the same limit as every operation). */
  readonly maxTokens: number;
  /** Told the code of every refusal (metrics). */
  readonly onRefused?: (code: ErrorCode) => void;
}

const DOCUMENT_ID = /^sha256:[0-9a-f]{64}$/;

/**
 * Trusted documents (the GraphQL Trusted Documents convention): only the operations of the
 * manifest run. A client names one by `documentId: "sha256:<hex>"` (in the body, in
 * `extensions`, or as a GET parameter) or sends its full text; Apollo then receives the
 * manifest's own text and nothing else, so an operation that is not in the manifest is never
 * parsed, validated or executed. A text is matched by its exact hash first, then by its
 * canonical form (the same operation formatted differently, or with its fragments in another
 * order, is the same document).
 *
 * An ad-hoc operation or an unknown id is refused with FORBIDDEN and HTTP 403: the request
 * may be perfectly well-formed GraphQL, and what stops it is the server's policy on which
 * operations may run — the same kind of refusal as a token without the scope for a mutation.
 * BAD_USER_INPUT (400) is kept for requests that are malformed whatever the policy: a
 * documentId that is not `sha256:<64 hex>`, or a documentId and a text that disagree.
 */
export function trustedDocumentsMiddleware(options: TrustedDocumentsOptions): (req: Request, res: Response, next: NextFunction) => void {
  const { manifest } = options;
  const refuse = (res: Response, status: 400 | 403, code: ErrorCode, message: string) => {
    options.onRefused?.(code);
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
  const trustedText = (query: string, operationName: string | undefined): string | null => {
    const exact = manifest[documentIdOf(query)];
    if (exact !== undefined) return exact;
    let canonical: string | null;
    try {
      canonical = canonicalOperation(parse(query, { noLocation: true, maxTokens: options.maxTokens }), operationName);
    } catch {
      return null; // not even GraphQL, so not a trusted document
    }
    return canonical === null ? null : (manifest[documentIdOf(canonical)] ?? null);
  };

  return (req, res, next) => {
    const request = readRequest(req);
    if (!request) return next();
    const { query, operationName } = request;
    if (request.documentId !== undefined && (typeof request.documentId !== "string" || !DOCUMENT_ID.test(request.documentId))) {
      return refuse(res, 400, ErrorCode.BAD_USER_INPUT, 'documentId must be "sha256:" followed by the 64 lower-case hex digits of the document\'s SHA-256.');
    }
    let documentId = request.documentId as string | undefined;
    if (typeof query === "string" && query !== "") {
      const text = trustedText(query, operationName);
      if (text === null) {
        return refuse(
          res,
          403,
          ErrorCode.FORBIDDEN,
          "Ad-hoc operations are not allowed: this Coffer runs only its trusted documents (schema/trusted-documents.json). Send one of them by documentId or as its full text.",
        );
      }
      if (documentId !== undefined && documentIdOf(text) !== documentId) {
        return refuse(res, 400, ErrorCode.BAD_USER_INPUT, "documentId and query name different documents: send one or the other.");
      }
      documentId = documentIdOf(text);
    }
    if (documentId === undefined) return next(); // neither: Apollo answers that an operation is missing
    const text = manifest[documentId];
    if (text === undefined) {
      return refuse(res, 403, ErrorCode.FORBIDDEN, `Unknown documentId ${documentId}: this Coffer runs only its trusted documents (schema/trusted-documents.json).`);
    }
    request.replaceQuery(text);
    next();
  };
}

interface GraphqlRequestView {
  readonly query: unknown;
  readonly documentId: unknown;
  readonly operationName: string | undefined;
  /** Hands Apollo the manifest's text in place of whatever the client sent. */
  replaceQuery(text: string): void;
}

/** The operation fields of a POST body or GET query string; null for anything else (Apollo refuses it). */
function readRequest(req: Request): GraphqlRequestView | null {
  if (req.method === "POST") {
    const body: unknown = req.body;
    if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
    const fields = body as Record<string, unknown>;
    const extensions = typeof fields.extensions === "object" && fields.extensions !== null ? (fields.extensions as Record<string, unknown>) : {};
    return {
      query: fields.query,
      documentId: fields.documentId ?? extensions.documentId,
      operationName: typeof fields.operationName === "string" ? fields.operationName : undefined,
      replaceQuery(text) {
        fields.query = text;
        delete fields.documentId;
        if ("documentId" in extensions) delete extensions.documentId;
      },
    };
  }
  if (req.method === "GET") {
    const questionMark = req.url.indexOf("?");
    if (questionMark < 0) return null;
    const params = new URLSearchParams(req.url.slice(questionMark + 1));
    let extensionsId: unknown;
    try {
      extensionsId = (JSON.parse(params.get("extensions") ?? "{}") as Record<string, unknown> | null)?.documentId;
    } catch {
      extensionsId = undefined; // Apollo refuses the malformed extensions itself
    }
    return {
      query: params.get("query") ?? undefined,
      documentId: params.get("documentId") ?? extensionsId,
      operationName: params.get("operationName") ?? undefined,
      replaceQuery(text) {
        params.set("query", text);
        params.delete("documentId");
        req.url = `${req.url.slice(0, questionMark)}?${params.toString()}`;
      },
    };
  }
  return null;
}
