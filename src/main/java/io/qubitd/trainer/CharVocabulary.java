package io.qubitd.trainer;

/**
 * The character-level vocabulary shared by the base corpus and the task: padding (0), end of answer
 * ('\n'), space, digits, letters and a little punctuation (. , ? ;). The answer follows the marker '='.
 */
public final class CharVocabulary {
  private CharVocabulary() {}

  static final String CHARS = "\0\n =+-*.,?0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ;";
  /** Token ids run from 0 to SIZE − 1. */
  public static final int SIZE = CHARS.length();
  public static final int PAD = 0;
  public static final int END = 1;
  public static final char ANSWER_MARKER = '=';

  /** Token id of {@code c}; precondition: c is in the vocabulary. */
  public static int id(char c) {
    int i = CHARS.indexOf(c);
    if (i < 0) throw new IllegalArgumentException("character '" + c + "' is not in the trainer's vocabulary");
    return i;
  }

  public static char character(int id) {
    return CHARS.charAt(id);
  }

  /** Token ids of {@code s}. */
  public static int[] encode(String s) {
    int[] ids = new int[s.length()];
    for (int i = 0; i < s.length(); i++) ids[i] = id(s.charAt(i));
    return ids;
  }
}
