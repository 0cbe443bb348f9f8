// The type system: interning and the assignability rules of LANGUAGE.md §2.
#include "sema/Types.h"

#include <gtest/gtest.h>

using namespace flytec::sema;

namespace {

TEST(Types, EqualTypesAreOnePointer) {
  TypeContext t;
  EXPECT_EQ(t.list(t.intType()), t.list(t.intType()));
  EXPECT_EQ(t.map(t.list(t.string())), t.map(t.list(t.string())));
  EXPECT_EQ(t.file("csv"), t.file("csv"));
  EXPECT_NE(t.file("csv"), t.file());
  // Unions are flattened, deduplicated and ordered.
  EXPECT_EQ(t.unionOf({t.intType(), t.string()}), t.unionOf({t.string(), t.intType(), t.string()}));
  EXPECT_EQ(t.optional(t.optional(t.intType())), t.optional(t.intType()));
  EXPECT_EQ(t.unionOf({t.intType()}), t.intType());
}

TEST(Types, Spelling) {
  TypeContext t;
  EXPECT_EQ(t.optional(t.intType())->str(), "int?");
  EXPECT_EQ(t.unionOf({t.intType(), t.string(), t.none()})->str(), "int | string | none");
  EXPECT_EQ(t.map(t.floatType())->str(), "map[string, float]");
  EXPECT_EQ(t.dataframe({{"id", t.intType()}, {"x", t.floatType()}}, true)->str(), "dataframe[id: int, x: float]");
  EXPECT_EQ(t.file("csv")->str(), "file[csv]");
  EXPECT_EQ(t.outputs({{"a", t.intType()}, {"b", t.string()}})->str(), "(a: int, b: string)");
}

TEST(Types, NoImplicitConversions) {
  TypeContext t;
  EXPECT_FALSE(isAssignable(t.intType(), t.floatType()));
  EXPECT_FALSE(isAssignable(t.floatType(), t.intType()));
  EXPECT_FALSE(isAssignable(t.string(), t.file()));
  EXPECT_FALSE(isAssignable(t.optional(t.intType()), t.intType()));
}

TEST(Types, OptionalsAndUnions) {
  TypeContext t;
  const Type *optInt = t.optional(t.intType());
  EXPECT_TRUE(isAssignable(t.intType(), optInt));
  EXPECT_TRUE(isAssignable(t.none(), optInt));
  const Type *u = t.unionOf({t.intType(), t.string()});
  EXPECT_TRUE(isAssignable(t.string(), u));
  EXPECT_FALSE(isAssignable(t.boolType(), u));
  EXPECT_FALSE(isAssignable(t.none(), u));
  // A union fits where each of its members fits.
  EXPECT_TRUE(isAssignable(u, t.unionOf({t.intType(), t.string(), t.boolType()})));
  EXPECT_FALSE(isAssignable(u, t.intType()));
  EXPECT_TRUE(optInt->isOptional());
  EXPECT_EQ(optInt->withoutNone(), t.intType());
}

TEST(Types, CollectionsAreCovariant) {
  TypeContext t;
  EXPECT_TRUE(isAssignable(t.list(t.intType()), t.list(t.optional(t.intType()))));
  EXPECT_TRUE(isAssignable(t.map(t.file("csv")), t.map(t.file())));
  EXPECT_FALSE(isAssignable(t.list(t.intType()), t.list(t.floatType())));
  // `[]` is a list of never: it takes the expected element type.
  EXPECT_TRUE(isAssignable(t.list(t.never()), t.list(t.string())));
}

TEST(Types, FilesAndDataframes) {
  TypeContext t;
  EXPECT_TRUE(isAssignable(t.file("csv"), t.file()));
  EXPECT_FALSE(isAssignable(t.file(), t.file("csv")));
  EXPECT_FALSE(isAssignable(t.file("csv"), t.file("parquet")));
  const Type *wide = t.dataframe({{"id", t.intType()}, {"amount", t.floatType()}, {"region", t.string()}}, true);
  const Type *narrow = t.dataframe({{"amount", t.floatType()}, {"id", t.intType()}}, true);
  const Type *wrong = t.dataframe({{"id", t.string()}}, true);
  EXPECT_TRUE(isAssignable(wide, t.dataframe({}, false)));
  EXPECT_TRUE(isAssignable(wide, narrow));
  EXPECT_FALSE(isAssignable(narrow, wide));
  EXPECT_FALSE(isAssignable(wide, wrong));
  EXPECT_FALSE(isAssignable(t.dataframe({}, false), narrow));
}

TEST(Types, ErrorAndNeverFitAnywhere) {
  TypeContext t;
  EXPECT_TRUE(isAssignable(t.error(), t.intType()));
  EXPECT_TRUE(isAssignable(t.never(), t.file()));
  EXPECT_EQ(t.list(t.error()), t.error());
  EXPECT_EQ(t.unionOf({t.intType(), t.error()}), t.error());
}

TEST(Types, JoinForBranches) {
  TypeContext t;
  EXPECT_EQ(joinTypes(t, t.intType(), t.intType()), t.intType());
  EXPECT_EQ(joinTypes(t, t.never(), t.string()), t.string());
  EXPECT_EQ(joinTypes(t, t.intType(), t.none()), t.optional(t.intType()));
  EXPECT_EQ(joinTypes(t, t.intType(), t.optional(t.intType())), t.optional(t.intType()));
  EXPECT_EQ(joinTypes(t, t.intType(), t.string()), nullptr);
  EXPECT_EQ(joinTypes(t, t.intType(), t.floatType()), nullptr);
}

} // namespace
