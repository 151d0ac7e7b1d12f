package dev.patrol.service;

import java.util.List;

/** A page of tokens; pass {@code nextCursor} as {@code cursor} for the next page (null at the end). */
public record TokenPage(List<TokenView> items, String nextCursor) {}
