/** Every error body Vigil's HTTP API returns: status, a machine-readable code, and what to fix. */
export interface Problem {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  errors?: { field: string; reason: string }[];
}
