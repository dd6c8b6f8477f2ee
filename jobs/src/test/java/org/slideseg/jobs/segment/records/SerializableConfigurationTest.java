package org.slideseg.jobs.segment.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class SerializableConfigurationTest {
  @Test
  void travelsWithEveryPropertyAndIsReadOncePerJvm() throws Exception {
    Configuration driver = new Configuration();
    driver.set("fs.s3a.endpoint", "http://127.0.0.1:9000");
    var shipped = new SerializableConfiguration(driver);

    Configuration first = roundTrip(shipped).get();
    Configuration second = roundTrip(shipped).get();

    assertThat(first.size()).isEqualTo(driver.size());
    driver.forEach(e -> assertThat(first.getRaw(e.getKey())).isEqualTo(e.getValue()));
    assertThat(second).isSameAs(first);
  }

  @Test
  void aChangedConfigurationIsReadAnewAndAChangeAfterShippingDoesNotTravel() throws Exception {
    Configuration driver = new Configuration(false);
    driver.set("slideseg.test.value", "1");
    var one = new SerializableConfiguration(driver);
    driver.set("slideseg.test.value", "2");
    var two = new SerializableConfiguration(driver);
    driver.set("slideseg.test.value", "3");

    assertThat(roundTrip(one).get().get("slideseg.test.value")).isEqualTo("1");
    assertThat(roundTrip(two).get().get("slideseg.test.value")).isEqualTo("2");
    assertThat(roundTrip(two).get()).isNotSameAs(roundTrip(one).get());
  }

  private static SerializableConfiguration roundTrip(SerializableConfiguration conf)
      throws Exception {
    var bytes = new ByteArrayOutputStream();
    try (var out = new ObjectOutputStream(bytes)) {
      out.writeObject(conf);
    }
    try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (SerializableConfiguration) in.readObject();
    }
  }
}
