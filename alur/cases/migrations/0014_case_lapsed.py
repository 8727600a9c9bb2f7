"""A case may end lapsed (gugur): the requester let the time limit of their step pass."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0013_open_lane_requester'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='status',
            field=models.CharField(choices=[('berjalan', 'berjalan'), ('selesai', 'selesai'), ('dikembalikan', 'dikembalikan'), ('dihentikan', 'dihentikan'), ('ditolak', 'ditolak'), ('gugur', 'gugur')], default='berjalan', max_length=15, verbose_name='status'),
        ),
    ]
