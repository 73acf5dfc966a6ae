UPDATE journal_head SET seq='zz';
