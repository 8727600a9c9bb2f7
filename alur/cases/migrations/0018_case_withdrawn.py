"""A case may end withdrawn (ditarik): its requester withdrew it, with a reason."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0017_case_search'),
    ]

    operations = [
        migrations.AlterField(
            model_name='case',
            name='status',
            field=models.CharField(choices=[('berjalan', 'berjalan'), ('selesai', 'selesai'), ('dikembalikan', 'dikembalikan'), ('dihentikan', 'dihentikan'), ('ditolak', 'ditolak'), ('gugur', 'gugur'), ('ditarik', 'ditarik')], default='berjalan', max_length=15, verbose_name='status'),
        ),
    ]
