package org.slideseg.jobs.segment.records;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

/** Rows made and read by column name. */
class RowCodecTest {
  private static final StructType SCHEMA =
      new StructType()
          .add("id", DataTypes.StringType, false)
          .add("width", DataTypes.IntegerType, true)
          .add("error", DataTypes.StringType, true);
  private static final RowCodec CODEC = new RowCodec(SCHEMA);

  @Test
  void valuesLandInTheirNamedColumnsWhateverTheOrderTheyAreSetIn() {
    Row row = CODEC.builder().set("error", "broken").set("id", "a").build();
    assertThat(row.length()).isEqualTo(3);
    assertThat(row.getString(0)).isEqualTo("a");
    assertThat(row.isNullAt(1)).isTrue();
    assertThat(row.getString(2)).isEqualTo("broken");
    assertThat(CODEC.<String>get(row, "error")).isEqualTo("broken");
  }

  @Test
  void aRequiredColumnLeftOutOrAnUnknownOneIsRefusedByName() {
    assertThatThrownBy(() -> CODEC.builder().set("width", 3).build())
        .hasMessageContaining("column id is required");
    assertThatThrownBy(() -> CODEC.builder().set("height", 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("height");
  }

  /** A table read back puts its partition column last: its own schema says where each column is. */
  @Test
  void aRowWithASchemaOfItsOwnIsReadByThatSchema() {
    StructType readBack =
        new StructType()
            .add("width", DataTypes.IntegerType, true)
            .add("error", DataTypes.StringType, true)
            .add("id", DataTypes.StringType, false);
    Row row = new GenericRowWithSchema(new Object[] {7, null, "b"}, readBack);
    assertThat(CODEC.<String>get(row, "id")).isEqualTo("b");
    assertThat(CODEC.<Integer>get(row, "width")).isEqualTo(7);
  }
}
