"""A notification of a case that lapsed (gugur)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0002_mail_outbox'),
    ]

    operations = [
        migrations.AlterField(
            model_name='notification',
            name='kind',
            field=models.CharField(choices=[('pengingat', 'Pengingat tenggat'), ('eskalasi', 'Langkah terlambat (eskalasi)'), ('tenggat', 'Perubahan tenggat'), ('tinjauan', 'Peninjauan SOP'), ('gugur', 'Permohonan gugur')], max_length=10, verbose_name='jenis'),
        ),
        migrations.AlterField(
            model_name='preference',
            name='kind',
            field=models.CharField(choices=[('pengingat', 'Pengingat tenggat'), ('eskalasi', 'Langkah terlambat (eskalasi)'), ('tenggat', 'Perubahan tenggat'), ('tinjauan', 'Peninjauan SOP'), ('gugur', 'Permohonan gugur')], max_length=10, verbose_name='jenis'),
        ),
    ]
