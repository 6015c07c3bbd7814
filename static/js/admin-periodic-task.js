// The admin's periodic-task form (templates/admin/djcelery/change_periodictask_form.html): under the schedule's
// field, what the chosen crontab means in words, as django-celery-beat's own inline script shows it.
(() => {
  const source = document.getElementById("readable-crontabs");
  if (!source || !window.django) return;
  const $ = window.django.jQuery;
  const readable = JSON.parse(source.textContent);
  const help = $(".field-crontab .help");
  const original = help.text();
  $(".field-crontab_translation").hide();
  $(".field-crontab").on("change", () => {
    const meaning = readable[$("#id_crontab").val()] || "";
    help.empty().append(document.createTextNode(original), $("<br>"), document.createTextNode(meaning));
  });
})();
