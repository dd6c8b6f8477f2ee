"""Airflow DAG: segment the day's new slides with slideseg on Spark, once a day.

The task fails (and Airflow retries it) when spark-submit exits non-zero: 1 the run failed, 2 bad
options or model, 3 some slides failed (the others are written; see <out>/slides). A retry runs the
same command, with the same --run-id, into the same output: slides that an earlier attempt finished
are reused, not segmented again; the others are segmented, and their tiles replace what a killed
attempt left, so nothing is duplicated. A slide that fails every attempt (a corrupt file) makes each
retry exit 3 again, with every other slide of the day written.
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.providers.apache.spark.operators.spark_submit import SparkSubmitOperator

with DAG(
    dag_id="slideseg_daily",
    start_date=datetime(2026, 11, 1),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
) as dag:
    SparkSubmitOperator(
        task_id="segment",
        application="/opt/slideseg/slideseg-jobs-0.1.0-SNAPSHOT-cluster.jar",
        java_class="org.slideseg.jobs.Main",
        properties_file="/opt/slideseg/conf/spark-defaults.cluster.conf",
        application_args=[
            "segment",
            "--input", "s3a://lab-scans/{{ ds }}/*.svs",
            "--model", "s3a://lab-models/unet-isbi2012",
            "--out", "s3a://lab-lake/segmentation/{{ ds }}",
            "--run-id", "{{ run_id }}",
        ],
    )
