package io.porta.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reading JDBC URLs: credentials in them, SQLite file paths, and a form that is safe to log. */
final class JdbcUrls {
  private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)([?&;]password=)[^&;]*");
  private static final Pattern USER_INFO = Pattern.compile("//[^/?#@]*@");

  private JdbcUrls() {}

  /** A URL and the credentials taken out of its {@code //user:password@host} part. */
  record Credentials(String url, String user, String password) {
    @Override
    public String toString() {
      return "Credentials[" + redact(url) + ", user=" + user + "]";
    }
  }

  /** The URL without passwords, for logs and error messages. */
  static String redact(String url) {
    String noUserInfo = USER_INFO.matcher(url).replaceFirst("//***@");
    return PASSWORD_PARAM.matcher(noUserInfo).replaceAll("$1***");
  }

  /**
   * Moves libpq-style {@code //user:password@host} credentials out of a PostgreSQL URL, which the
   * JDBC driver does not understand there; other URLs come back unchanged with null credentials.
   */
  static Credentials splitUserInfo(String url) {
    int start = url.indexOf("//");
    if (start < 0) {
      return new Credentials(url, null, null);
    }
    int end = start + 2;
    while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
      end++;
    }
    String authority = url.substring(start + 2, end);
    int at = authority.lastIndexOf('@');
    if (at < 0) {
      return new Credentials(url, null, null);
    }
    String userInfo = authority.substring(0, at);
    String stripped = url.substring(0, start + 2) + authority.substring(at + 1) + url.substring(end);
    int colon = userInfo.indexOf(':');
    String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    String password = colon < 0 ? null : decode(userInfo.substring(colon + 1));
    return new Credentials(stripped, decode(user), password);
  }

  /** The database file of a SQLite URL; empty for in-memory databases. */
  static Optional<Path> sqliteFile(String url) {
    String rest = url.substring(Engine.SQLITE.urlPrefix().length());
    int query = rest.indexOf('?');
    if (query >= 0) {
      rest = rest.substring(0, query);
    }
    if (rest.startsWith("file:")) {
      rest = rest.substring("file:".length());
    }
    if (rest.isBlank() || rest.equals(":memory:")) {
      return Optional.empty();
    }
    return Optional.of(Path.of(rest));
  }

  /** Percent-decoding only: in a URL's user-info part a '+' is a plus, not a space. */
  private static String decode(String s) {
    return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
  }
}
