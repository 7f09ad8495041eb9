package io.qubitd.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed request bodies get one line naming the place, what is there and what was expected; nothing of Jackson's. */
class JsonSyntaxErrorTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // columns counted by hand: the offending character's, or one past the end when the body stops short
      "`{\"backend\": \"wukong72\", \"circuits\": [`      | malformed JSON at line 1, column 38: the body ends inside an array; expected ',' or ']'",
      "`{\"backend\": \"x\"`                               | malformed JSON at line 1, column 16: the body ends inside an object; expected ',' or '}'",
      "`{\"a\": \"x`                                      | malformed JSON at line 1, column 9: the body ends inside a string; expected its closing '\"'",
      "`{\"backend\" \"x\"}`                               | malformed JSON at line 1, column 12: found '\"'; expected ':' after the field name",
      "`{backend: 1}`                                    | malformed JSON at line 1, column 2: found 'b'; expected a field name in double quotes",
      "`{\"a\": 1,}`                                     | malformed JSON at line 1, column 9: found '}'; expected a field name in double quotes",
      "`{\"a\": [1 2]}`                                  | malformed JSON at line 1, column 10: found '2'; expected ',' or ']'",
      "`{\"a\": tru}`                                    | malformed JSON at line 1, column 7: found 'tru'; expected a value (a string in double quotes, a number, an array, an object, true, false or null)",
      "`{\"a\":\n  ]}`                                   | malformed JSON at line 2, column 3: found ']'; expected a value (a string in double quotes, a number, an array, an object, true, false or null)",
  })
  void malformedBodiesAreDescribedInTheClientsTerms(String body, String expected) {
    WireFormatException e = assertThrows(WireFormatException.class, () -> WireFormat.parseObject(body));
    String m = e.getMessage();
    assertEquals(expected, m);
    for (String internal : List.of("code ", "Source", "REDACTED", "StreamReadFeature", "VALUE_", "was expecting", "marker")) {
      assertFalse(m.contains(internal), "Jackson's internals leak: " + m);
    }
  }
}
