package io.porta.core.dialect.onenet;

import static io.porta.core.dialect.onenet.DataPointUpload.NO_ID;
import static io.porta.core.dialect.onenet.DataPointUpload.invalid;

import io.porta.core.telemetry.DataPoint;
import io.porta.core.telemetry.JsonDecimals;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;

/**
 * Reads a {@code dp/post/json} upload in one pass over its tokens: no tree, and each value's text is
 * written once from its tokens instead of being built into nodes and serialised again.
 *
 * <p>It gives exactly what {@link DataPointTreeReader} gives (the same points, value texts, id and
 * problem), and where that would take the tree's own rules it gives up instead, returning null: a
 * duplicate key (the tree keeps the last value at the first key's place), a number with an exponent or
 * a very long one (the tree's BigDecimal may fail, or write {@code 1E+2}), a string the tree would
 * write with escapes. Real firmware sends none of these. It tokenises with the tree reader's own
 * parser settings, so a payload that is not JSON fails here as it fails there.
 */
final class DataPointStreamReader {
  /** Integer literals this long or shorter fit a long, whose text the tree writes unchanged. */
  private static final int MAX_PLAIN_INT_CHARS = 18;
  /** A bound for plain decimals left to the tree: far beyond any sensor's digits. */
  private static final int MAX_PLAIN_FLOAT_CHARS = 64;

  private static final TokenStreamFactory TOKENS = DataPointTreeReader.JSON.tokenStreamFactory();

  private final JsonParser parser;
  private final long arrivalMs;
  private final List<DataPoint> points = new ArrayList<>(4);
  /** The first reason the upload is invalid, in the order the tree reader checks: payload order. */
  private String problem;

  private DataPointStreamReader(JsonParser parser, long arrivalMs) {
    this.parser = parser;
    this.arrivalMs = arrivalMs;
  }

  /**
   * The upload, or null when only {@link DataPointTreeReader} can say what this payload holds.
   *
   * @param arrivalMs the time of points without {@code t}
   */
  static DataPointUpload read(byte[] payload, long arrivalMs) {
    // The mapper's own token factory, without the mapper: no deserialization context per upload.
    try (JsonParser parser = TOKENS.createParser(ObjectReadContext.empty(), payload)) {
      return new DataPointStreamReader(parser, arrivalMs).upload();
    } catch (NeedsTree | NumberFormatException e) {
      return null;
    } catch (JacksonException e) {
      // The tree reader tokenises the same bytes with the same settings: it fails on them too.
      return invalid(NO_ID, "payload is not JSON");
    }
  }

  private DataPointUpload upload() {
    if (parser.nextToken() != JsonToken.START_OBJECT) {
      throw NeedsTree.INSTANCE; // not an object, or empty: rare, and the tree words it
    }
    String id = null;
    boolean idSeen = false;
    boolean dpSeen = false;
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      JsonToken value = parser.nextToken();
      if (name.equals("id")) {
        idSeen = once(idSeen);
        id = id(value);
      } else if (name.equals("dp")) {
        dpSeen = once(dpSeen);
        dp(value);
      } else {
        skip(value);
      }
    }
    if (parser.nextToken() != null) {
      return invalid(NO_ID, "payload is not JSON"); // FAIL_ON_TRAILING_TOKENS in the tree reader
    }
    if (id == null) {
      return invalid(NO_ID, "id missing or not a positive 32-bit integer");
    }
    if (!dpSeen) {
      return invalid(id, "dp missing, empty or not an object");
    }
    return problem != null ? invalid(id, problem) : new DataPointUpload(id, points, null);
  }

  /** A.7.1: a positive integer that fits a signed 32-bit int, its text as sent; else null. */
  private String id(JsonToken value) {
    if (value != JsonToken.VALUE_NUMBER_INT) {
      skip(value);
      return null;
    }
    checkInteger();
    if (parser.getNumberType() != JsonParser.NumberType.INT || parser.getIntValue() <= 0) {
      return null;
    }
    return parser.getString();
  }

  private void dp(JsonToken value) {
    if (value != JsonToken.START_OBJECT) {
      skip(value);
      problem = "dp missing, empty or not an object";
      return;
    }
    Names names = new Names();
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String name = parser.currentName();
      names.add(name); // even past a problem: a repeated stream would replace an earlier one
      JsonToken array = parser.nextToken();
      if (problem != null) {
        skip(array);
      } else if (!DataPointUpload.isValidStreamName(name)) {
        problem = "illegal stream name";
        skip(array);
      } else if (array != JsonToken.START_ARRAY) {
        problem = "stream " + name + " is not a non-empty array";
        skip(array);
      } else {
        stream(name);
      }
    }
    if (names.isEmpty()) {
      problem = "dp missing, empty or not an object";
    }
  }

  /** The points of one stream; the parser is on the array's start. */
  private void stream(String name) {
    JsonToken token = parser.nextToken();
    if (token == JsonToken.END_ARRAY) {
      problem = "stream " + name + " is not a non-empty array";
      return;
    }
    for (; token != JsonToken.END_ARRAY; token = parser.nextToken()) {
      if (problem != null) {
        skip(token);
      } else if (token != JsonToken.START_OBJECT) {
        problem = "point of " + name + " is not an object";
        skip(token);
      } else {
        point(name);
      }
    }
  }

  /** One point: its checks run in the tree reader's order once the whole object is read. */
  private void point(String stream) {
    boolean vSeen = false;
    String value = null;
    boolean tSeen = false;
    Long timeMs = null;
    while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
      String key = parser.currentName();
      JsonToken token = parser.nextToken();
      if (key.equals("v")) {
        vSeen = once(vSeen);
        value = value(token);
      } else if (key.equals("t")) {
        tSeen = once(tSeen);
        // design.md "Time": no device timestamp (absent or null) → arrival time
        timeMs = token == JsonToken.VALUE_NULL ? Long.valueOf(arrivalMs) : time(token);
      } else {
        skip(token);
      }
    }
    if (!vSeen) {
      problem = "point of " + stream + " has no v";
    } else if (value == null) {
      problem = "value of " + stream + " nests too deep or has an illegal key";
    } else if (tSeen && timeMs == null) {
      problem = "t of " + stream + " is not a Unix time";
    } else {
      points.add(new DataPoint(stream, tSeen ? timeMs : arrivalMs, value));
    }
  }

  /** The value's compact JSON text, or null when it breaks the ON-design limits (then it is skipped). */
  private String value(JsonToken token) {
    if (!token.isStructStart()) {
      return scalar(token);
    }
    StringBuilder json = new StringBuilder(64);
    return container(token, json, 1) ? json.toString() : null;
  }

  /**
   * Writes a container at {@code depth} (1 for {@code v} itself) and reports whether it keeps the
   * ON-design limits (≤ 5 levels, keys ≤ 30 bytes of {@code [A-Za-z0-9_.]}). Reads it to its end
   * either way, still watching for repeated keys.
   */
  private boolean container(JsonToken start, StringBuilder json, int depth) {
    boolean object = start == JsonToken.START_OBJECT;
    Names keys = object ? new Names() : null;
    boolean valid = true;
    json.append(object ? '{' : '[');
    boolean first = true;
    for (JsonToken token = parser.nextToken(); !token.isStructEnd(); token = parser.nextToken()) {
      if (!first) {
        json.append(',');
      }
      first = false;
      if (object) {
        String key = parser.currentName();
        keys.add(key);
        // A valid key needs no escaping; an invalid one makes the text irrelevant.
        valid &= DataPointUpload.isValidKey(key);
        json.append('"').append(key).append("\":");
        token = parser.nextToken();
      }
      if (!token.isStructStart()) {
        json.append(scalar(token));
      } else if (depth + 1 > DataPointUpload.MAX_VALUE_DEPTH) {
        valid = false;
        skip(token);
      } else {
        valid &= container(token, json, depth + 1);
      }
    }
    json.append(object ? '}' : ']');
    return valid;
  }

  /** A scalar's text as the tree writes it. */
  private String scalar(JsonToken token) {
    switch (token) {
      case VALUE_NUMBER_INT -> {
        checkInteger();
        String text = parser.getString();
        return text.equals("-0") ? "0" : text; // the tree's integer 0 has no sign
      }
      case VALUE_NUMBER_FLOAT -> {
        checkDecimal();
        String text = parser.getString();
        // The tree writes BigDecimal.toString(): the same digits, except that a magnitude below
        // 1e-6 turns into an exponent (1E-7) and a negative zero loses its sign.
        return text.startsWith("0.") || text.startsWith("-0.") ? new BigDecimal(text).toString() : text;
      }
      case VALUE_STRING -> {
        String text = parser.getString();
        if (needsEscaping(text)) {
          throw NeedsTree.INSTANCE;
        }
        return '"' + text + '"';
      }
      case VALUE_TRUE -> {
        return "true";
      }
      case VALUE_FALSE -> {
        return "false";
      }
      case VALUE_NULL -> {
        return "null";
      }
      default -> throw NeedsTree.INSTANCE;
    }
  }

  /** {@code t} in milliseconds, or null when it is not a Unix time (A.7.1, see readTime). */
  private Long time(JsonToken token) {
    switch (token) {
      case VALUE_NUMBER_INT -> {
        checkInteger();
        return DataPointUpload.readTime(parser.getLongValue());
      }
      case VALUE_NUMBER_FLOAT -> {
        checkDecimal();
        return DataPointUpload.readTime(parser.getDecimalValue());
      }
      case VALUE_STRING -> {
        return DataPointUpload.readTime(JsonDecimals.ofText(parser.getString()));
      }
      default -> {
        skip(token);
        return null;
      }
    }
  }

  /** Reads past a value the upload does not use, checking its scalars as the tree would read them. */
  private void skip(JsonToken token) {
    int depth = 0;
    while (true) {
      switch (token) {
        case START_OBJECT, START_ARRAY -> depth++;
        case END_OBJECT, END_ARRAY -> depth--;
        case VALUE_NUMBER_INT -> checkInteger();
        case VALUE_NUMBER_FLOAT -> checkDecimal();
        case VALUE_STRING -> parser.getString(); // decoded, as the tree decodes it
        default -> {}
      }
      if (depth == 0) {
        return;
      }
      token = parser.nextToken();
    }
  }

  private void checkInteger() {
    if (parser.getStringLength() > MAX_PLAIN_INT_CHARS) {
      throw NeedsTree.INSTANCE;
    }
  }

  /** An exponent may not fit a BigDecimal (the tree then fails) and is written in another form. */
  private void checkDecimal() {
    int length = parser.getStringLength();
    if (length > MAX_PLAIN_FLOAT_CHARS) {
      throw NeedsTree.INSTANCE;
    }
    char[] chars = parser.getStringCharacters();
    int offset = parser.getStringOffset();
    for (int i = offset; i < offset + length; i++) {
      if (chars[i] == 'e' || chars[i] == 'E') {
        throw NeedsTree.INSTANCE;
      }
    }
  }

  /** Whether the tree would write this string with escapes (or replace a lone surrogate). */
  private static boolean needsEscaping(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || Character.isSurrogate(c)) {
        return true;
      }
    }
    return false;
  }

  private static boolean once(boolean seen) {
    if (seen) {
      throw NeedsTree.INSTANCE; // a repeated key: the tree keeps the last value
    }
    return true;
  }

  /** The keys of one object, to notice a repeated one; most objects have one or two. */
  private static final class Names {
    private String first;
    private Set<String> more;

    void add(String name) {
      if (first == null) {
        first = name;
        return;
      }
      if (more == null) {
        more = new HashSet<>();
        more.add(first);
      }
      if (!more.add(name)) {
        throw NeedsTree.INSTANCE; // the tree keeps the last value at the first key's place
      }
    }

    boolean isEmpty() {
      return first == null;
    }
  }

  /** Thrown, without a stack, when the payload is left to the tree reader. */
  private static final class NeedsTree extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NeedsTree INSTANCE = new NeedsTree();

    private NeedsTree() {
      super(null, null, false, false);
    }
  }
}
