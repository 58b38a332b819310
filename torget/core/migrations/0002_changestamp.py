import uuid

from django.db import migrations, models


def first_stamp(apps, schema_editor):
    ChangeStamp = apps.get_model("core", "ChangeStamp")
    ChangeStamp.objects.get_or_create(name="booking.catalogue", defaults={"token": uuid.uuid4().hex})


class Migration(migrations.Migration):
    dependencies = [("core", "0001_cache_table")]
    operations = [
        migrations.CreateModel(
            name="ChangeStamp",
            fields=[
                ("name", models.CharField(max_length=40, primary_key=True, serialize=False)),
                ("token", models.CharField(max_length=32)),
            ],
        ),
        migrations.RunPython(first_stamp, migrations.RunPython.noop),
    ]
