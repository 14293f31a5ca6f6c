/** Errors a route throws; the server renders them as GitHub's error bodies. */

export interface FieldError {
  resource?: string;
  field?: string;
  code: string;
  value?: string | number | string[] | null;
  message?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export const notFound = (): ApiError => new ApiError(404, 'Not Found');

/** 422 `Validation Failed` with one field error, the way GitHub reports invalid fields. */
export function validationFailed(error: FieldError): ApiError {
  return new ApiError(422, 'Validation Failed', [error]);
}

/** The body GitHub sends with an error status. */
export function errorBody(
  status: number,
  message: string,
  documentationUrl: string,
  errors?: FieldError[],
): Record<string, unknown> {
  const body: Record<string, unknown> = { message };
  if (errors && errors.length > 0) body.errors = errors;
  body.documentation_url = documentationUrl;
  body.status = String(status);
  return body;
}
