package io.porta.api;

import java.util.Map;

/**
 * A request that ends in an error response: an HTTP status and a machine-readable {@code code}
 * (api.md "REST API": errors are problem+json). The detail is shown to the caller; it must never
 * contain a secret.
 */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final String code;
  private final transient Map<String, Object> extra;

  public ApiException(int status, String code, String detail) {
    this(status, code, detail, Map.of());
  }

  /** @param extra additional members of the problem document (e.g. a command's {@code id}) */
  public ApiException(int status, String code, String detail, Map<String, Object> extra) {
    super(detail, null, false, false);
    this.status = status;
    this.code = code;
    this.extra = Map.copyOf(extra);
  }

  public static ApiException invalidBody(String detail) {
    return new ApiException(400, "invalid_body", detail);
  }

  public static ApiException invalidParam(String detail) {
    return new ApiException(400, "invalid_param", detail);
  }

  public static ApiException productNotFound(String productId) {
    return new ApiException(404, "product_not_found", "no product " + productId);
  }

  public static ApiException deviceNotFound(String productId, String deviceName) {
    return new ApiException(404, "device_not_found", "no device " + deviceName + " in product " + productId);
  }

  public static ApiException deviceOffline(String deviceName) {
    return new ApiException(409, "device_offline", "device " + deviceName + " is offline");
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  public Map<String, Object> extra() {
    return extra;
  }
}
