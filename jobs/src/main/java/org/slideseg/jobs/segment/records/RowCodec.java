package org.slideseg.jobs.segment.records;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Makes and reads the rows of one schema by column name, never by position: a column added or moved
 * cannot shift another's value. The rows carry no schema (a tile row persisted with its schema
 * would write it out once per row), so values are read through this codec.
 */
public record RowCodec(StructType schema) {

  /** A row to fill column by column; {@link Builder#build} refuses a required column left out. */
  public Builder builder() {
    return new Builder();
  }

  /**
   * The value of {@code column} in a row of this schema: by the row's own schema where it has one
   * (a table read back puts its partition column last), else by this one.
   */
  @SuppressWarnings("unchecked")
  public <T> T get(Row row, String column) {
    return (T) row.get(row.schema() != null ? row.fieldIndex(column) : schema.fieldIndex(column));
  }

  /** One row in the making; not shared between threads. */
  public final class Builder {
    private final Object[] values = new Object[schema.size()];

    private Builder() {}

    /** Sets {@code column}; a name not in the schema throws, naming it. */
    public Builder set(String column, Object value) {
      values[schema.fieldIndex(column)] = value;
      return this;
    }

    public Row build() {
      StructField[] fields = schema.fields();
      for (int i = 0; i < fields.length; i++) {
        if (values[i] == null && !fields[i].nullable()) {
          throw new IllegalStateException("column " + fields[i].name() + " is required");
        }
      }
      return RowFactory.create(values.clone());
    }
  }
}
