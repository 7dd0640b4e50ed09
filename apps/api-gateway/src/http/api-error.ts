import { HttpException } from '@nestjs/common';

export interface ErrorDetail {
  field?: string;
  message: string;
}

/** The one error body the API returns, whatever went wrong. */
export interface ErrorBody {
  error: {
    status: number;
    code: string;
    message: string;
    details?: ErrorDetail[];
  };
}

/**
 * An error the API means to return: a status, a stable machine-readable code and a message a
 * person can act on. Use cases throw it; the exception filter renders it.
 */
export class ApiError extends HttpException {
  constructor(
    status: number,
    readonly code: string,
    message: string,
    readonly details?: ErrorDetail[],
  ) {
    super(message, status);
  }

  static badRequest(code: string, message: string, details?: ErrorDetail[]): ApiError {
    return new ApiError(400, code, message, details);
  }

  static notFound(code: string, message: string): ApiError {
    return new ApiError(404, code, message);
  }

  static conflict(code: string, message: string): ApiError {
    return new ApiError(409, code, message);
  }
}
