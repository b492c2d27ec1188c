import { ErrorCode } from "../domain/errors.js";
import { RequestRefusal } from "./plugins/errorMapping.js";

/** No token, or one Coffer does not know: HTTP 401. */
export class UnauthenticatedError extends RequestRefusal {
  constructor(message = "A valid bearer token is required: send Authorization: Bearer <token>.") {
    super(ErrorCode.UNAUTHENTICATED, message);
  }
}

/** A known token without the scope an operation needs: HTTP 403. */
export class ForbiddenError extends RequestRefusal {
  constructor(message: string) {
    super(ErrorCode.FORBIDDEN, message);
  }
}
