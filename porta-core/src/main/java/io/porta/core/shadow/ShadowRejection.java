package io.porta.core.shadow;

/** Why a shadow change was refused; dialects map it to their error codes. */
public enum ShadowRejection {
  /** The version given is not above the stored one (Alibaba 403), or not the expected one (REST 409). */
  VERSION_CONFLICT,
  /** More attributes than the limit (Alibaba 408). */
  TOO_MANY_ATTRIBUTES,
  /** The document would exceed its size limit (OneNET 161). */
  TOO_LARGE,
  /** Nesting deeper than allowed (OneNET 162). */
  TOO_DEEP,
  /** An attribute name or value outside the rules (OneNET 165). */
  INVALID_ATTRIBUTE,
  /** The store failed (OneNET 100, Alibaba 500). */
  STORE_FAILURE
}
