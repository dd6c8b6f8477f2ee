package org.slideseg.common.train;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import org.slideseg.common.model.ModelSpecJson;

/** {@code training.json}: the settings of a run and every epoch's loss and validation figures. */
final class TrainingReport {
  private TrainingReport() {}

  static String json(TrainSettings s, int stepsPerEpoch, List<EpochResult> history) {
    JsonObject settings = new JsonObject();
    settings.add("architecture", ModelSpecJson.toJson(s.spec().architecture()));
    settings.addProperty("tile", s.tile());
    settings.addProperty("outputTile", s.outputTile());
    settings.addProperty("epochs", s.epochs());
    settings.addProperty("stepsPerEpoch", stepsPerEpoch);
    settings.addProperty("batch", s.batch());
    settings.addProperty("learningRate", s.learningRate());
    settings.addProperty("elasticProbability", s.augmentation().elasticProbability());
    settings.addProperty("elasticSigma", s.augmentation().elasticSigma());
    settings.addProperty("intensity", s.augmentation().intensity());
    settings.addProperty("seed", s.seed());
    settings.addProperty("device", s.device().toString());
    JsonArray epochs = new JsonArray();
    for (EpochResult r : history) {
      JsonObject e = new JsonObject();
      e.addProperty("epoch", r.epoch());
      e.addProperty("loss", r.loss());
      e.addProperty("pixelError", r.validation().pixelError());
      e.addProperty("dice", r.validation().dice());
      e.addProperty("seconds", Math.round(r.seconds()));
      epochs.add(e);
    }
    JsonObject o = new JsonObject();
    o.add("settings", settings);
    o.add("epochs", epochs);
    return new GsonBuilder().setPrettyPrinting().create().toJson(o) + "\n";
  }
}
