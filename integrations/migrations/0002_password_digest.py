"""Integration passwords as keyed digests with a rotation overlap (issue 6 item 3, issue 8 item 5).

`password_hash` becomes `password_digest`: existing Django password hashes stay valid and are replaced by a keyed
digest on the integration's next successful call (integrations/passwords.py), since the password itself is needed
to compute the digest.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("integrations", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="integration", old_name="password_hash", new_name="password_digest"),
        migrations.AddField(
            model_name="integration",
            name="previous_password_digest",
            field=models.CharField(blank=True, editable=False, max_length=256),
        ),
        migrations.AddField(
            model_name="integration",
            name="previous_password_set_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="forrige passord laget"),
        ),
        migrations.AddField(
            model_name="integration",
            name="previous_password_expires_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="forrige passord slutter å virke"
            ),
        ),
        migrations.AlterField(
            model_name="integration",
            name="password_set_at",
            field=models.DateTimeField(blank=True, editable=False, null=True, verbose_name="passord laget"),
        ),
    ]
