package io.porta.core.model;

/**
 * Per-product switches (api.md "Products").
 *
 * @param onenetWildcardLevel the first topic level at which OneNET wildcards are allowed: 5 is the seed's
 *     rule, 4 also allows {@code $sys/{pid}/{dn}/#} (China Mobile's own SDK subscribes it)
 * @param dynamicRegistration Alibaba dynamic registration: "off", "register" or "regnwl"
 * @param requireTls refuse plain-TCP connections of this product's devices
 */
public record ProductOptions(int onenetWildcardLevel, String dynamicRegistration, boolean requireTls) {
  public static final ProductOptions DEFAULTS = new ProductOptions(5, "off", false);

  public ProductOptions {
    if (onenetWildcardLevel != 4 && onenetWildcardLevel != 5) {
      throw new IllegalArgumentException("onenetWildcardLevel must be 4 or 5");
    }
    if (!dynamicRegistration.equals("off")
        && !dynamicRegistration.equals("register")
        && !dynamicRegistration.equals("regnwl")) {
      throw new IllegalArgumentException("dynamicRegistration must be off, register or regnwl");
    }
  }
}
