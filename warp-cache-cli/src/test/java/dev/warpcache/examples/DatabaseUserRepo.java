package dev.warpcache.examples;

/** Stands in for a {@link UserRepo} that queries a database; counts its queries. */
final class DatabaseUserRepo implements UserRepo {
  private int queries;

  @Override
  public String findName(long id) {
    queries++;
    return "user " + id;
  }

  int queries() {
    return queries;
  }
}
